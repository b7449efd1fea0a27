package uk.safeguarding.hub.message;

/**
 * A message the hub will not accept, with the HTTP status API.md names for it (400 catalogue, 403 sender, 413
 * size) and the FHIR issue code for the OperationOutcome.
 */
public class MessageRefused extends RuntimeException {

    private final int status;
    private final String issueCode;

    public MessageRefused(int status, String issueCode, String reason) {
        super(reason);
        this.status = status;
        this.issueCode = issueCode;
    }

    public static MessageRefused invalid(String reason) {
        return new MessageRefused(400, "invalid", reason);
    }

    public static MessageRefused forbidden(String reason) {
        return new MessageRefused(403, "forbidden", reason);
    }

    public int status() {
        return status;
    }

    public String issueCode() {
        return issueCode;
    }
}
