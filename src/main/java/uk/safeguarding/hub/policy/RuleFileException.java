package uk.safeguarding.hub.policy;

import java.util.List;

/** A rule file that cannot be used, with every problem found, each naming its line. */
public class RuleFileException extends RuntimeException {

    private final List<String> problems;

    public RuleFileException(String source, List<String> problems) {
        super("rule file " + source + " is invalid:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
