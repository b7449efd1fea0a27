package uk.safeguarding.hub.governance;

import java.util.Optional;

/**
 * Data changed only through {@link Proposals}: every version kept with who changed it, who approved it and why;
 * the highest one in force.
 */
public interface Governed {

    /** One version: who changed it, who approved it (null without four eyes, or from a file), when and why. */
    record Version(int version, String changedBy, String approvedBy, java.time.Instant changedAt, String reason) {}

    /** Every version, newest first. */
    java.util.List<Version> history();

    /** Checks proposed content; a good one names the version it would become. */
    Outcome validate(String yaml);

    /** Validates and applies as {@code version}; refused when that is no longer the next version. */
    Outcome replace(String yaml, int version, String changedBy, String approvedBy, String reason);

    /** One applied version's content, as it was applied. */
    Optional<String> yaml(int version);

    /** The version the next change must carry. */
    int nextVersion();

    /** The same content to be applied as {@code version}. */
    String withVersion(String yaml, int version);

    /** A version's digest, as its audit entry records it. */
    static String sha256(String text) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
