package uk.safeguarding.hub.message;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * The words a person reads for the hub's codes, from one table ({@code words.properties}): roles, bases, events,
 * reach, purposes, assertions, decisions, delivery states and what minimum necessary removes. The console's pages
 * ({@code ${@words.role(...)}}) and the exports a person receives use it; the API and machine-readable files keep
 * the codes. A code the table lacks reads in lower case with spaces, never as the code itself.
 */
@Component("words")
public final class Words {

    /** The table, for code outside Spring (exports). */
    public static final Words EN = new Words();

    /** A moment as people in England read it: "7 Dec 2026, 09:45", UK time (summer time included). */
    public static final java.time.format.DateTimeFormatter UK_TIME = java.time.format.DateTimeFormatter.ofPattern(
                    "d MMM yyyy, HH:mm", java.util.Locale.UK)
            .withZone(java.time.ZoneId.of("Europe/London"));

    private static final Properties TABLE = load();

    public String role(Object code) {
        return word("role", code);
    }

    /** The plural: "health visitors". */
    public String roles(Object code) {
        return word("roles", code);
    }

    public String basis(Object code) {
        return word("basis", code);
    }

    /** The condition a basis stands for, as a clause: "when a child of the family has a child protection plan". */
    public String when(Object basis) {
        return word("when", basis);
    }

    public String event(Object code) {
        return word("event", code);
    }

    /** The plural: "treatment dropouts". */
    public String events(Object code) {
        return word("events", code);
    }

    public String reach(Object code) {
        return word("reach", code);
    }

    public String purpose(Object code) {
        return word("purpose", code);
    }

    public String assertion(Object code) {
        return word("assertion", code);
    }

    public String decision(Object code) {
        return word("decision", code);
    }

    public String withheld(Object code) {
        return word("withheld", code);
    }

    public String state(Object code) {
        return word("state", code);
    }

    public String resource(Object type) {
        return word("resource", type);
    }

    /**
     * What minimum necessary removed, "Observation.note" or "Observation/o1.note" (one resource's), in words:
     * "free-text notes on test results".
     */
    public String element(Object path) {
        if (path == null) {
            return "";
        }
        String text = path.toString();
        // What minimum necessary says about another person never names them, nor what it was.
        if (text.endsWith(OtherPeople.REMOVED)) {
            return TABLE.getProperty("removed.other-people");
        }
        if (text.endsWith("(not a member of the family)") || text.endsWith("(about a person outside the family)")) {
            return TABLE.getProperty("removed.outside-the-family");
        }
        text = text.replaceAll(" \\(.*\\)$", ""); // the removal's reason, said in words elsewhere
        int dot = text.lastIndexOf('.');
        if (dot < 0) {
            return resource(text.replaceAll("/.*", "")); // a whole resource: "Condition/c9" is conditions
        }
        String type = text.substring(0, dot).replaceAll("/.*", "");
        String element = text.substring(dot + 1);
        String exact = TABLE.getProperty("element." + type + "." + element);
        if (exact != null) {
            return exact;
        }
        return word("element", element) + " of " + resource(type);
    }

    /** Each in words, joined as a person would: "a, b or c". */
    public String anyOf(Collection<?> codes, Function<Object, String> word) {
        return join(codes, word, "or");
    }

    /** Each in words, joined as a person would: "a, b and c". */
    public String allOf(Collection<?> codes, Function<Object, String> word) {
        return join(codes, word, "and");
    }

    /** Each in the words of a kind ("roles", "purpose", "element"...), joined as "a, b and c": for the pages. */
    public String allOf(Collection<?> codes, String kind) {
        return join(codes, c -> of(kind, c), "and");
    }

    /** Each in the words of a kind, joined as "a, b or c". */
    public String anyOf(Collection<?> codes, String kind) {
        return join(codes, c -> of(kind, c), "or");
    }

    /** A code in the words of its kind ("role", "roles", "basis", "event", "element"...). */
    public String of(String kind, Object code) {
        return kind.equals("element") ? element(code) : word(kind, code);
    }

    /** Words joined as "a, b and c" (or "or"). */
    public static String join(List<String> words, String last) {
        if (words.isEmpty()) {
            return "";
        }
        if (words.size() == 1) {
            return words.get(0);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " " + last + " " + words.get(words.size() - 1);
    }

    /** A set reads in its codes' own order (roles as the register lists them), a list as it is. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String join(Collection<?> codes, Function<Object, String> word, String last) {
        List<String> words = new ArrayList<>();
        if (codes != null) {
            List<Object> ordered = new ArrayList<>(codes);
            if (codes instanceof java.util.Set<?> && ordered.stream().allMatch(c -> c instanceof Comparable)) {
                ordered.sort((a, b) -> ((Comparable) a).compareTo(b));
            }
            ordered.forEach(c -> words.add(word.apply(c)));
        }
        return join(words, last);
    }

    private static String word(String kind, Object code) {
        if (code == null) {
            return "";
        }
        String key = code.toString();
        String found = TABLE.getProperty(kind + "." + key);
        return found != null
                ? found
                : key.toLowerCase(Locale.UK).replace('_', ' ').replace('-', ' ');
    }

    private static Properties load() {
        Properties table = new Properties();
        try (InputStream in = Words.class.getResourceAsStream("/words.properties")) {
            if (in == null) {
                throw new IllegalStateException("words.properties is missing from the hub's classpath");
            }
            table.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return table;
    }
}
