package uk.safeguarding.hub.message;

/**
 * A message the hub will not accept, with the HTTP status docs/interfaces.md names for it (400 catalogue, 403 sender, 413
 * size), the FHIR issue code for the OperationOutcome, and the HL7 v2 error code (table 0357) for an ACK's ERR:
 * 207 unless the refusal says otherwise.
 */
public class MessageRefused extends RuntimeException {

    private final int status;
    private final String issueCode;
    private final String hl7ErrorCode;

    public MessageRefused(int status, String issueCode, String reason) {
        this(status, issueCode, reason, "207");
    }

    public MessageRefused(int status, String issueCode, String reason, String hl7ErrorCode) {
        super(reason);
        this.status = status;
        this.issueCode = issueCode;
        this.hl7ErrorCode = hl7ErrorCode;
    }

    /** 413: a body longer than the intake limit. */
    public static MessageRefused tooLarge(int maxBytes) {
        return new MessageRefused(413, "too-long", "message larger than " + maxBytes + " bytes");
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

    public String hl7ErrorCode() {
        return hl7ErrorCode;
    }
}
