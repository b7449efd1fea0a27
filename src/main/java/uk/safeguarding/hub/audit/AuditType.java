package uk.safeguarding.hub.audit;

/** What an audit entry records. Stored by name; the quarterly report and the console read them back. */
public enum AuditType {
    /** A message accepted. */
    RECEIVED,
    /** One candidate recipient's decision for an accepted message. */
    DECIDED,
    /** A message refused and quarantined. */
    REFUSED,
    QUEUED,
    QUEUE_RETRIED,
    /** Dead letters taken off their queue by an operator, with a reason. */
    DEAD_LETTER_DISCARDED,
    /** A quarantined message's content discarded by an operator, with a reason. */
    QUARANTINE_DISCARDED,
    ACKNOWLEDGED,
    PUSHED,
    PUSH_FAILED,
    DEAD_LETTERED,
    RECALLED,
    URGENT_UNACKNOWLEDGED,
    /** A share waiting in a MESH inbox past the time MESH allows (its sender sent a non-delivery report). */
    UNCOLLECTED,
    /** A referral to children's social care with no outcome in the time allowed. */
    REFERRAL_OVERDUE,
    /** A statutory share whose inform-subject-increases-risk came without its reason. */
    REASON_MISSING,
    /** Consent withdrawn after a consent-based share was fetched: it stays, and its recipient gets a recall-notice. */
    RECALL_NOTICE,
    RULES_CHANGED,
    /** A certificate of the hub or an agency within 30, then 7, days of its end (CertificateWarnings). */
    CERTIFICATE_EXPIRING,
    /** A rule change proposed, awaiting a second officer (four eyes). */
    RULES_PROPOSED,
    /** A proposal rejected by another officer or withdrawn by its proposer. */
    RULES_REJECTED,
    /** An approval refused: the officer who proposed a change may not approve it. */
    RULES_APPROVAL_REFUSED,
    /** A new version of the agency register in force (AgencyStore), with who, who approved and why. */
    AGENCIES_CHANGED,
    /** An agency register change proposed, awaiting a second officer. */
    AGENCIES_PROPOSED,
    AGENCIES_REJECTED,
    AGENCIES_APPROVAL_REFUSED,
    /** An agency's newer certificate used for the first time: its older one ends. */
    CERTIFICATE_FIRST_USED,
    /** A certificate revoked through the hub (into the CRL it serves), with who and why. */
    CERTIFICATE_REVOKED,
    /** The hub's own key and certificate replaced without a restart: the previous and new fingerprints. */
    HUB_CERTIFICATE_ROTATED,
    /** A new key and certificate for the hub not taken, with the problem; the one in use stays. */
    HUB_CERTIFICATE_REFUSED,
    /** A disclosure marked as withheld from a subject access response (a safeguarding exemption), with why. */
    DISCLOSURE_WITHHELD,
    /** Such a mark taken off again, with why. */
    DISCLOSURE_RELEASED,
    /** New data keys put in force for the vault's purposes (the older ones still open what they sealed): by whom. */
    DATA_KEYS_ROTATED,
    /** A pruning run: how many records of each kind were past their time and removed. */
    RECORDS_PRUNED,
    /** A legal hold placed on a person (nothing of their family is pruned), or lifted, with who and why. */
    LEGAL_HOLD_PLACED,
    LEGAL_HOLD_LIFTED,
    /** An officer opened a message's content for a review, with the purpose and why (a Caldicott guardian reviews it). */
    CONTENT_OPENED,
    /** A Caldicott guardian's review of an opening: appropriate, not appropriate or escalated, with a note. */
    CONTENT_REVIEWED,
    /** A review refused: the person who opened the content may not review their own opening. */
    CONTENT_REVIEW_REFUSED,
    /** A read of personal data through the API. */
    ACCESSED,
    ACCESS_REFUSED,
    /** A person signed in through OpenID Connect (a password sign-in's success is in the access entries). */
    SIGNED_IN,
    SIGN_IN_FAILED,
    SIGN_IN_REFUSED,
    SIGN_IN_LOCKED
}
