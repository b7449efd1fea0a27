package uk.safeguarding.hub.policy;

import java.util.List;

/**
 * A rule file that cannot be used, with every problem found, each naming its line; {@link #located()} has the same
 * problems with where in the rules each one is (for the console's forms, which show it beside its field).
 */
public class RuleFileException extends RuntimeException {

    /**
     * A problem at {@code line}, about the value at {@code path}: the keys and list positions that lead to it, such
     * as {@code events/referral/rules/0/bases/1} ("" for the file as a whole).
     */
    public record Located(int line, String path, String text) {}

    private final List<String> problems;
    private final List<Located> located;

    public RuleFileException(String source, List<String> problems) {
        this(source, problems, List.of());
    }

    RuleFileException(String source, List<String> problems, List<Located> located) {
        super("rule file " + source + " is invalid:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
        this.located = List.copyOf(located);
    }

    public List<String> problems() {
        return problems;
    }

    public List<Located> located() {
        return located;
    }
}
