package uk.safeguarding.hub.mesh;

/**
 * The sign-in lockout, as MESH uses it: a refused token for a mailbox counts as a failed sign-in of that mailbox
 * (and of the caller's address), and a mailbox or address throttled or locked is refused without its token being
 * looked at. The hub's one lockout for people's passwords implements it.
 */
public interface MeshLockout {

    /** Why this mailbox or address may not try now, or null. */
    String blocked(String mailbox, String address);

    /** A refused token for the mailbox, from the address. */
    void failed(String mailbox, String address, String why);

    /** A good token: the mailbox's failures are forgotten. */
    void succeeded(String mailbox);
}
