package uk.safeguarding.hub.vault;

/**
 * What a data key protects: each purpose has keys of its own, so that a key's loss or rotation touches one kind of
 * record only. {@link #INDEX} keys the NHS-number hash and never rotates (every lookup must find what was written).
 */
public enum Purpose {
    /** Messages as received, and what the hub learned of the family from them. */
    CONTENT,
    /** Quarantined content. */
    QUARANTINE,
    /** MESH content in transit through the hub. */
    MESH,
    /** Who each audit entry is about, and what it says. */
    AUDIT,
    /** The keyed hash of NHS numbers. */
    INDEX
}
