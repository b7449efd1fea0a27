package uk.safeguarding.hub.governance;

import java.util.List;

/** The outcome of a check or a change of governed data: the problems, each naming its line; none means it was good. */
public record Outcome(boolean valid, Integer version, List<String> problems) {}
