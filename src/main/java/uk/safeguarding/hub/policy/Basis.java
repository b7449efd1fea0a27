package uk.safeguarding.hub.policy;

/** The legal bases for a share (docs/decisions.md "Legal bases"). */
public enum Basis {
    CONSENT,
    SECTION_47,
    CHILD_PROTECTION_PLAN,
    SIGNIFICANT_HARM;

    public boolean statutory() {
        return this != CONSENT;
    }
}
