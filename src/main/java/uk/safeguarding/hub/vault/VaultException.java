package uk.safeguarding.hub.vault;

/** A sealed value that cannot be opened: tampered with, cut short, or under a key this hub does not hold. */
public class VaultException extends RuntimeException {
    public VaultException(String message) {
        super(message);
    }

    public VaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
