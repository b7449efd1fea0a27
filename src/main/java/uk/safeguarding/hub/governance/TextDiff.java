package uk.safeguarding.hub.governance;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.util.List;

/** The difference between two rule files, as a unified diff (java-diff-utils), three lines of context. */
public final class TextDiff {

    /** One line of a diff: {@code kind} is '+', '-', ' ' or '@' (a hunk's header). */
    public record Line(char kind, String text) {
        /** The line as shown: its sign, then the text. */
        public String shown() {
            return kind == '@' ? "@" + text : kind + " " + text;
        }

        /** The console's style for it. */
        public String style() {
            return switch (kind) {
                case '+' -> "rules-diff__added";
                case '-' -> "rules-diff__removed";
                case '@' -> "rules-diff__hunk";
                default -> "rules-diff__same";
            };
        }
    }

    private TextDiff() {}

    /** Two stored versions' difference as unified diff text, as the API serves it. */
    public static String unified(int fromVersion, String from, int toVersion, String to) {
        StringBuilder text = new StringBuilder("--- version " + fromVersion + "\n+++ version " + toVersion + "\n");
        between("version " + fromVersion, from, "version " + toVersion, to)
                .forEach(l -> text.append(l.kind()).append(l.text()).append('\n'));
        return text.toString();
    }

    public static List<Line> between(String fromName, String from, String toName, String to) {
        List<String> a = from.lines().toList();
        List<String> b = to.lines().toList();
        List<String> unified = UnifiedDiffUtils.generateUnifiedDiff(fromName, toName, a, DiffUtils.diff(a, b), 3);
        return unified.stream()
                .skip(2) // the ---/+++ file header: the page names both versions
                .map(l -> l.isEmpty() ? new Line(' ', "") : new Line(l.charAt(0), l.substring(1)))
                .toList();
    }
}
