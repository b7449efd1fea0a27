package uk.safeguarding.hub.register;

import java.util.List;

/** An agency register file that cannot be used, with every problem found, each naming its line. */
public class RegisterFileException extends RuntimeException {

    private final List<String> problems;

    public RegisterFileException(String file, List<String> problems) {
        super("agency register " + file + " is invalid:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
