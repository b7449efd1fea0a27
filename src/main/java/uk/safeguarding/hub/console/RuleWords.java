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
