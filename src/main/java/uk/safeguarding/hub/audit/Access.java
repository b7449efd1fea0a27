package uk.safeguarding.hub.audit;

/**
 * What a call that read personal data says about it, for the access audit: a controller sets these request
 * attributes and the entry written for the call carries them.
 */
public final class Access {

    /** The NHS number of the person whose data the call read. */
    public static final String SUBJECT = "uk.safeguarding.hub.access.subject";

    /** Session attributes the sign-in page reads once after a failed try: the name tried, and until when paused. */
    public static final String SIGN_IN_NAME = "hub.sign-in.name";

    public static final String SIGN_IN_PAUSED_UNTIL = "hub.sign-in.paused-until";
    /** The hub message the call read about. */
    public static final String HUB_MESSAGE_ID = "uk.safeguarding.hub.access.hubMessageId";
    /** Why the call was refused, when the controller knows better than the status. */
    public static final String REFUSED_BECAUSE = "uk.safeguarding.hub.access.refusedBecause";

    /**
     * Set when a read found nothing to show (an empty mailbox listing): no personal data was read, so no entry.
     * Agencies poll their mailboxes; auditing every empty poll cost a commit each, and told nobody anything.
     */
    public static final String NOTHING_READ = "uk.safeguarding.hub.access.nothingRead";

    /**
     * A {@link Runnable} to run in the same commit as the access's entry: what the read changes (a share marked
     * fetched) is recorded exactly when, and only if, the read is, in one commit instead of two.
     */
    public static final String WITH_ENTRY = "uk.safeguarding.hub.access.withEntry";

    /** The roles a caller may have, as the access audit names them: an agency by its certificate, or a person. */
    public static final String AGENCY = "AGENCY";

    public static final String IG_OFFICER = "IG_OFFICER";
    public static final String OPS = "OPS";
    public static final String AUDITOR = "AUDITOR";
    /** Reviews every opening of content by an officer (never their own), and sees every outcome. */
    public static final String CALDICOTT_GUARDIAN = "CALDICOTT_GUARDIAN";

    private Access() {}
}
