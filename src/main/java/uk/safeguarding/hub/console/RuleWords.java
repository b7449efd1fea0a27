package uk.safeguarding.hub.console;

import java.util.List;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.message.Words;
import uk.safeguarding.hub.policy.Condition;
import uk.safeguarding.hub.policy.RuleChanges;
import uk.safeguarding.hub.policy.RuleSet;

/** Rules in words for the pages ({@code ${@ruleWords.bases(rule.bases)}}): the same sentences as the changes. */
@Component("ruleWords")
class RuleWords {

    public String bases(List<RuleSet.BasisOption> bases) {
        return RuleChanges.bases(bases);
    }

    public String basis(RuleSet.BasisOption basis) {
        return RuleChanges.basis(basis);
    }

    /** A dry run's decision ("SHARE CONSENT") in words: "shared on the service user's consent". */
    public String decided(String described) {
        return uk.safeguarding.hub.explain.DryRun.inWords(described);
    }

    /** A decision's outcome in words: "Share, on a child protection plan" or "Do not share: no legal basis holds". */
    public String outcome(uk.safeguarding.hub.policy.Decision d) {
        return d.shared()
                ? "Share, on " + Words.EN.basis(d.basis())
                : "Do not share" + (d.withheldBecause() == null ? "" : ": " + Words.EN.withheld(d.withheldBecause()));
    }

    /** The rule that made a decision, with the guidance it follows: "rule dropout-to-social-care (Joint ...)". */
    public String rule(RuleSet rules, String ruleId) {
        if (ruleId == null) {
            return "No rule names an agency of this kind for this event.";
        }
        String guidance = rules == null
                ? null
                : rules.events().values().stream()
                        .flatMap(e -> e.rules().stream())
                        .filter(r -> r.id().equals(ruleId))
                        .map(RuleSet.SharingRule::guidance)
                        .filter(java.util.Objects::nonNull)
                        .findFirst()
                        .orElse(null);
        return "By rule \u201c" + ruleId + "\u201d" + (guidance == null ? "." : " (" + guidance + ").");
    }

    public String condition(Condition condition) {
        return RuleChanges.condition(condition);
    }

    /** What a profile keeps and removes: "keeps the person, … and test results; removes free-text notes …". */
    public String profile(RuleSet.Profile profile) {
        if (profile == null) {
            return "";
        }
        List<String> kept = new java.util.ArrayList<>(RuleDraft.RESOURCES.stream()
                .filter(profile.resources()::contains)
                .toList());
        profile.resources().stream().filter(r -> !kept.contains(r)).sorted().forEach(kept::add);
        String keeps = "keeps " + Words.EN.allOf(kept, Words.EN::resource);
        return profile.remove().isEmpty()
                ? keeps + "; removes nothing"
                : keeps + "; removes " + Words.EN.allOf(profile.remove(), Words.EN::element);
    }
}
