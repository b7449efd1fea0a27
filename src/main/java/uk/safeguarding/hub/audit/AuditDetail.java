package uk.safeguarding.hub.audit;

import java.util.List;
import java.util.Map;

/**
 * The typed details of the entries that are read back (the quarterly report, the console). Written as JSON with
 * sorted keys and no null fields; a reader gets the same record back with {@link AuditTrail#detail}.
 */
public final class AuditDetail {

    private AuditDetail() {}

    /**
     * A message accepted: who sent it as what, and what the decisions rest on; {@code childrenInFamily} and
     * {@code unbornInFamily} count the family's children (born and unborn) the registers knew at the decision.
     * {@code withheld} is every candidate the message was not shared with, by agency, each with its decision in
     * full: a share has an entry of its own (DECIDED), a decision to withhold is recorded here, in the same entry as
     * the receipt. Entries written before carry none and each decision as a DECIDED entry.
     */
    public record Received(
            String senderMessageId,
            String senderRole,
            Integer linkedChildren,
            Integer ruleVersion,
            Integer referralLevel,
            String treatmentStatus,
            String basedOn,
            Map<String, String> assertions,
            String addressedTo,
            String referralOutcome,
            Integer childrenInFamily,
            Integer unbornInFamily,
            Map<String, Decided> withheld) {}

    /**
     * One candidate's decision; for a share, what was sent (profile, fields removed, format, delivery id), and
     * {@code otherPeople} true when it carried information about other people (absent otherwise): a subject access
     * response says that such information is withheld.
     */
    public record Decided(
            String decision,
            String basis,
            String ruleId,
            Integer ruleVersion,
            List<String> reasons,
            Boolean informSubject,
            boolean urgent,
            String role,
            String senderRole,
            Integer referralLevel,
            String withheldBecause,
            String duplicateOf,
            String profile,
            List<String> removed,
            String format,
            String deliveryId,
            Boolean otherPeople) {

        public boolean shared() {
            return "SHARE".equals(decision);
        }
    }

    /** A message refused, where it is kept, and why. */
    public record Refused(String quarantineId, int status, String reason) {}

    /** A new version of the sharing rules in force: who, why, after which version, and the file's digest. */
    public record RulesChanged(
            int version, Integer previousVersion, String changedBy, String approvedBy, String reason, String sha256) {}

    /** A rule proposal and what was done with it: proposed, approved (see RulesChanged), rejected, refused. */
    public record RuleProposal(String proposalId, int version, String by, String reason, Integer rollbackTo) {}

    /** A new version of the agency register: which agencies it changed and how, who, why, and its digest. */
    public record AgenciesChanged(
            int version,
            Integer previousVersion,
            java.util.List<String> changes,
            String changedBy,
            String approvedBy,
            String reason,
            String sha256) {}

    /** A certificate of an agency: its SHA-256 fingerprint, serial number, and what happened with why. */
    public record CertificateEvent(String agency, String fingerprint, String serial, String by, String reason) {}

    /** A disclosure (its decision's audit sequence) marked withheld from, or released to, a subject access response. */
    public record DisclosureMark(long decisionSeq, String by, String reason) {}

    /**
     * Content opened by an officer: which opening, what (a message or a quarantined one, and its id), for which
     * purpose and why, by whom, and until when (an ISO instant).
     */
    public record ContentOpened(
            String openingId, String opened, String target, String purpose, String reason, String by, String until) {}

    /** A Caldicott guardian's review of an opening (or one refused: no outcome), with the note, and who opened it. */
    public record ContentReviewed(String openingId, String finding, String note, String by, String openedBy) {}

    /** A share acknowledged, and how: the mailbox API ({@code via} absent), the broker or a push endpoint. */
    public record Acknowledged(String deliveryId, String via) {}
}
