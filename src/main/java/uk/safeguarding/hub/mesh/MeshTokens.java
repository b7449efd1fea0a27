package uk.safeguarding.hub.mesh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Checks a MESH token for a mailbox, more strictly than NHS England's sandbox: the header's mailbox is the one asked
 * for, it was made within the clock window, its HMAC matches the mailbox's password, and it was not used before (each
 * token is remembered for twice the window, past which its time alone refuses it: in the database, so that every
 * instance and a restarted hub refuse a replay). The answer says why a token is
 * refused, for the audit; the caller answers 403 whatever the reason.
 */
public class MeshTokens {

    /** The check's result: {@code refused} is null when the token is good. */
    public record Checked(MeshToken token, String refused) {
        public boolean good() {
            return refused == null;
        }
    }

    /** A mailbox's password, by mailbox id; empty when the mailbox is unknown. */
    public interface Passwords {
        java.util.Optional<String> of(String mailbox);
    }

    /** The tokens used so far: {@code firstUse} is false for one seen before. */
    public interface UsedTokens {
        boolean firstUse(String key, Instant at);

        void forgetBefore(Instant before);

        /** In table {@code mesh_token_used}, whose key is unique: shared by every instance on the same database. */
        static UsedTokens in(JdbcTemplate jdbc) {
            return new UsedTokens() {
                @Override
                public boolean firstUse(String key, Instant at) {
                    try {
                        jdbc.update(
                                "INSERT INTO mesh_token_used (use_key, used_at) VALUES (?, ?)",
                                key,
                                java.sql.Timestamp.from(at));
                        return true;
                    } catch (DuplicateKeyException e) {
                        return false;
                    }
                }

                @Override
                public void forgetBefore(Instant before) {
                    jdbc.update("DELETE FROM mesh_token_used WHERE used_at < ?", java.sql.Timestamp.from(before));
                }
            };
        }
    }

    private final byte[] sharedKey;
    private final Duration window;
    private final Clock clock;
    private final Passwords passwords;
    private final UsedTokens used;
    private volatile Instant prunedAt = Instant.EPOCH;

    public MeshTokens(byte[] sharedKey, Duration window, Clock clock, Passwords passwords, UsedTokens used) {
        this.sharedKey = sharedKey.clone();
        this.window = window;
        this.clock = clock;
        this.passwords = passwords;
        this.used = used;
    }

    public Checked check(String mailbox, String header) {
        if (sharedKey.length == 0) {
            return new Checked(null, "MESH is off here: no shared secret is configured");
        }
        var parsed = MeshToken.parse(header);
        if (parsed.isEmpty()) {
            return new Checked(null, "no NHSMESH token");
        }
        MeshToken token = parsed.get();
        if (!token.mailbox().equals(mailbox)) {
            return new Checked(token, "the token is for another mailbox");
        }
        Instant now = Instant.now(clock);
        if (!token.madeWithin(window, now)) {
            return new Checked(token, "the token's time is outside the clock window");
        }
        var password = passwords.of(mailbox);
        if (password.isEmpty() || !token.signedWith(sharedKey, password.get())) {
            // An unknown mailbox and a wrong password read the same to the caller.
            return new Checked(token, "the token does not match the mailbox's password");
        }
        forgetOld(now);
        if (!used.firstUse(digest(token.useKey()), now)) {
            return new Checked(token, "the token was used before");
        }
        return new Checked(token, null);
    }

    /** At most once a minute: a token older than twice the window is refused by its time anyway. */
    private void forgetOld(Instant now) {
        if (now.isBefore(prunedAt.plusSeconds(60))) {
            return;
        }
        prunedAt = now;
        used.forgetBefore(now.minus(window.multipliedBy(2)));
    }

    /** A fixed-length key however long the nonce a client chose. */
    private static String digest(String useKey) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(useKey.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
