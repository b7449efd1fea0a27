package uk.safeguarding.hub.mesh;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A MESH {@code Authorization} header, {@code NHSMESH mailbox:nonce:nonceCount:timestamp:hmac}, as NHS England's
 * clients make it: the HMAC-SHA256, keyed with the installation's shared secret, of {@code
 * mailbox:nonce:nonceCount:password:timestamp}, the timestamp in UTC as {@code yyyyMMddHHmm}. The server must know
 * the mailbox's password to check it, so a mailbox's password is kept recoverable (encrypted), never only hashed.
 * The HMAC is the JDK's; the comparison takes the same time whatever the token.
 */
public record MeshToken(String mailbox, String nonce, String nonceCount, String timestamp, String hmac) {

    public static final String SCHEME = "NHSMESH";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmm");

    /** The header's parts, or empty when it is not an {@code NHSMESH} token of five non-empty parts. */
    public static Optional<MeshToken> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String text = header.strip();
        if (!text.regionMatches(true, 0, SCHEME + " ", 0, SCHEME.length() + 1)) {
            return Optional.empty();
        }
        String[] parts = text.substring(SCHEME.length() + 1).strip().split(":", -1);
        if (parts.length != 5) {
            return Optional.empty();
        }
        for (String part : parts) {
            if (part.isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(new MeshToken(parts[0], parts[1], parts[2], parts[3], parts[4]));
    }

    /** When the client made it, or empty when the timestamp is not {@code yyyyMMddHHmm}. */
    public Optional<Instant> madeAt() {
        try {
            return Optional.of(LocalDateTime.parse(timestamp, TIME).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Whether it was made within {@code window} of {@code now}, either side (clocks differ both ways). */
    public boolean madeWithin(Duration window, Instant now) {
        return madeAt().map(at -> !at.isBefore(now.minus(window)) && !at.isAfter(now.plus(window)))
                .orElse(false);
    }

    /** Whether its HMAC is the one the shared secret and the mailbox's password give. */
    public boolean signedWith(byte[] sharedKey, String password) {
        byte[] expected = hmac(sharedKey, mailbox + ":" + nonce + ":" + nonceCount + ":" + password + ":" + timestamp);
        byte[] given;
        try {
            given = HexFormat.of().parseHex(hmac.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(expected, given);
    }

    /** What makes a token used once: the same mailbox, nonce and count again is a replay. */
    String useKey() {
        return mailbox + ":" + nonce + ":" + nonceCount;
    }

    /** A token for a mailbox, as a client makes it (for the hub's own tests and tools). */
    public static String header(
            byte[] sharedKey, String mailbox, String password, String nonce, int nonceCount, Instant at) {
        String time = TIME.format(at.atOffset(ZoneOffset.UTC));
        String mac = HexFormat.of()
                .formatHex(hmac(sharedKey, mailbox + ":" + nonce + ":" + nonceCount + ":" + password + ":" + time));
        return SCHEME + " " + mailbox + ":" + nonce + ":" + nonceCount + ":" + time + ":" + mac;
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
