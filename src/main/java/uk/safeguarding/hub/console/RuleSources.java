package uk.safeguarding.hub.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import uk.safeguarding.hub.policy.RuleSet;

/**
 * What each rule cites: the comment the officers wrote at the end of the rule's line in the rule file (for example
 * {@code # Joint guidance §6: results go to the social worker}), found by the line the loader recorded.
 */
final class RuleSources {

    private RuleSources() {}

    static Map<String, String> of(RuleSet rules) {
        Map<String, String> sources = new LinkedHashMap<>();
        if (rules.source() == null) {
            return sources;
        }
        List<String> lines = rules.source().lines().toList();
        rules.events()
                .values()
                .forEach(e -> e.rules().forEach(rule -> {
                    int at = rule.line() - 1;
                    for (int i = Math.max(0, at); i < Math.min(lines.size(), at + 3); i++) {
                        String line = lines.get(i);
                        int hash = line.indexOf(" #");
                        if (line.contains(rule.id()) && hash >= 0) {
                            sources.put(rule.id(), line.substring(hash + 2).strip());
                            break;
                        }
                    }
                }));
        return sources;
    }
}
