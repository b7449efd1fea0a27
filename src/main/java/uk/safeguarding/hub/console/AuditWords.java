package uk.safeguarding.hub.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import uk.safeguarding.hub.message.Words;

/**
 * Audit entries as people read them ({@code ${@auditWords.fields(r.detail)}}): what happened in words, and each
 * detail as a labelled field, codes in words and times in UK time. The CSV and the API keep the entries as stored.
 */
@Component("auditWords")
class AuditWords {

    /** One labelled detail. */
    record Field(String label, String value) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Words WORDS = Words.EN;
    private static final Set<String> ROLES = Set.of("role", "senderRole", "addressedTo");
    private static final UkTime UK = new UkTime();

    /**
     * Why a push failed, as an operator reads it: "HTTP 503" is "the agency's system answered 503: it is
     * unavailable"; a connection error "the hub could not connect to it". What is not recognised is shown as it is.
     */
    public String failure(String outcome) {
        if (outcome == null || outcome.isBlank()) {
            return "";
        }
        java.util.regex.Matcher http =
                java.util.regex.Pattern.compile("^HTTP (\\d{3})").matcher(outcome);
        if (http.find()) {
            int code = Integer.parseInt(http.group(1));
            String meaning = switch (code) {
                case 400, 422 -> "it could not read what was sent";
                case 401, 403 -> "it did not accept the hub's certificate or sign-in";
                case 404 -> "the address is not there";
                case 408, 504 -> "it took too long to answer";
                case 413 -> "the share was too large for it";
                case 429 -> "it asked the hub to slow down";
                case 500 -> "it failed inside";
                case 502, 503 -> "it is unavailable";
                default -> "it did not take the share";
            };
            return "The agency's system answered " + code + ": " + meaning + ".";
        }
        String lower = outcome.toLowerCase(java.util.Locale.UK);
        if (lower.contains("connectexception") || lower.contains("connection refused")) {
            return "The hub could not connect to the agency's system (" + outcome + ").";
        }
        if (lower.contains("timeout") || lower.contains("timed out")) {
            return "The agency's system did not answer in time (" + outcome + ").";
        }
        if (lower.contains("ssl") || lower.contains("certificate") || lower.contains("pkix")) {
            return "The secure connection to the agency's system failed: its certificate was not trusted, or it did"
                    + " not trust the hub's (" + outcome + ").";
        }
        return outcome;
    }

    /** A refusal's reason without the parser's own codes ("HAPI-1861: "), which mean nothing to a person. */
    public String refusal(String reason) {
        return reason == null ? "" : reason.replaceAll("HAPI-\\d+: ", "");
    }

    public String type(String type) {
        return WORDS.of("audit", type);
    }

    /** The entry's detail, as stored (JSON text) or as the search reads it (a JSON node). */
    public List<Field> fields(Object detail) {
        List<Field> fields = new ArrayList<>();
        if (detail == null || detail.toString().isBlank()) {
            return fields;
        }
        JsonNode node;
        if (detail instanceof JsonNode read) {
            node = read;
        } else {
            try {
                node = JSON.readTree(detail.toString());
            } catch (RuntimeException notJson) {
                fields.add(new Field("Detail", detail.toString()));
                return fields;
            }
        }
        if (!node.isObject()) {
            fields.add(new Field("Detail", node.asString()));
            return fields;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode value = e.getValue();
            if (value == null || value.isNull() || ((value.isArray() || value.isObject()) && value.isEmpty())) {
                continue;
            }
            fields.add(new Field(label(e.getKey()), value(e.getKey(), value)));
        }
        return fields;
    }

    private static String label(String key) {
        String word = WORDS.of("field", key);
        if (!word.equals(key.toLowerCase(java.util.Locale.UK))) {
            return word;
        }
        // camelCase to words: "checkpointsCompared" reads "Checkpoints compared".
        String spaced = key.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.UK);
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    private static String value(String key, JsonNode value) {
        if (value.isBoolean()) {
            return value.asBoolean() ? "yes" : "no";
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(value(key, v)));
            return String.join("; ", items);
        }
        if (value.isObject() && key.equals("withheld")) {
            // A receipt's decisions to withhold: each agency, and why not, in words.
            List<String> items = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                items.add(e.getKey() + ": "
                        + WORDS.withheld(e.getValue().path("withheldBecause").asString()));
            }
            return String.join("; ", items);
        }
        if (value.isObject()) {
            List<String> items = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                String name = key.equals("assertions") ? WORDS.assertion(e.getKey()) : label(e.getKey());
                items.add(name + (e.getValue().isNull() ? "" : ": " + value(e.getKey(), e.getValue())));
            }
            return String.join("; ", items);
        }
        String text = value.asString();
        if (ROLES.contains(key)) {
            return WORDS.role(text);
        }
        switch (key) {
            case "basis":
                return WORDS.basis(text);
            case "decision":
                return WORDS.decision(text);
            case "withheldBecause":
                return WORDS.withheld(text);
            case "event":
                return WORDS.event(text);
            case "removed":
                return WORDS.element(text);
            case "via":
                return WORDS.of("via", text);
            case "purpose":
                return WORDS.of("opened-for", text);
            case "finding":
                return WORDS.of("finding", text);
            case "opened":
                return WORDS.of("opened", text);
            case "reportTo":
                return text;
            default:
                break;
        }
        if (text.matches("PT?[0-9][0-9A-Z.]*")) {
            // A duration as stored (ISO 8601, "P5D", "PT1H"): in words.
            try {
                return UkTime.waitedFor(java.time.Duration.parse(text).toSeconds());
            } catch (java.time.format.DateTimeParseException e) {
                return text;
            }
        }
        String time = UK.time(text);
        return time == null ? text : time;
    }
}
