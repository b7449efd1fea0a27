package uk.safeguarding.hub.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MeshTokensTest {

    static final byte[] KEY = "BackBone".getBytes(StandardCharsets.UTF_8);
    static final String MAILBOX = "X26HC005";
    static final String NONCE = "7b0fa4a0-4a5d-4c3a-9d9b-2d2f6d0e1a11";
    static final Instant NOW = Instant.parse("2026-12-07T09:30:20Z");

    final MeshTokens tokens = new MeshTokens(
            KEY,
            Duration.ofHours(2),
            Clock.fixed(NOW, ZoneOffset.UTC),
            mailbox -> Optional.ofNullable(Map.of(MAILBOX, "password").get(mailbox)),
            inMemory());

    /** Used tokens kept in this process only. */
    static MeshTokens.UsedTokens inMemory() {
        Map<String, Instant> used = new java.util.concurrent.ConcurrentHashMap<>();
        return new MeshTokens.UsedTokens() {
            @Override
            public boolean firstUse(String key, Instant at) {
                return used.putIfAbsent(key, at) == null;
            }

            @Override
            public void forgetBefore(Instant before) {
                used.values().removeIf(at -> at.isBefore(before));
            }
        };
    }

    /**
     * The HMAC of the header NHS England's Python client makes for these values, computed apart from the hub (with
     * Python's hmac module): {@code hmac.new(b"BackBone", b"X26HC005:<nonce>:0:password:202612070930", sha256)}.
     */
    @Test
    void aTokenAsNhsEnglandsClientMakesItIsGood() {
        String header = "NHSMESH " + MAILBOX + ":" + NONCE + ":0:202612070930:"
                + "22744a6d1545dff73e9e223322493261713734779565784f38b8c475b690a8b0";
        assertThat(MeshToken.header(KEY, MAILBOX, "password", NONCE, 0, NOW)).isEqualTo(header);
        assertThat(tokens.check(MAILBOX, header).good()).isTrue();
    }

    @Test
    void eachTokenIsGoodOnce() {
        String header = MeshToken.header(KEY, MAILBOX, "password", NONCE, 1, NOW);
        assertThat(tokens.check(MAILBOX, header).good()).isTrue();
        assertThat(tokens.check(MAILBOX, header).refused()).isEqualTo("the token was used before");
        assertThat(tokens.check(MAILBOX, MeshToken.header(KEY, MAILBOX, "password", NONCE, 2, NOW))
                        .good())
                .as("the next count of the same nonce")
                .isTrue();
    }

    @Test
    void aWrongPasswordKeyOrMailboxIsRefused() {
        assertThat(tokens.check(MAILBOX, MeshToken.header(KEY, MAILBOX, "guess", NONCE, 0, NOW))
                        .refused())
                .isEqualTo("the token does not match the mailbox's password");
        byte[] otherKey = "another installation".getBytes(StandardCharsets.UTF_8);
        assertThat(tokens.check(MAILBOX, MeshToken.header(otherKey, MAILBOX, "password", NONCE, 0, NOW))
                        .good())
                .isFalse();
        assertThat(tokens.check("X26HC006", MeshToken.header(KEY, MAILBOX, "password", NONCE, 0, NOW))
                        .refused())
                .isEqualTo("the token is for another mailbox");
        assertThat(tokens.check("X26HC006", MeshToken.header(KEY, "X26HC006", "password", NONCE, 0, NOW))
                        .refused())
                .as("an unknown mailbox reads as a wrong password")
                .isEqualTo("the token does not match the mailbox's password");
    }

    @Test
    void aTokenOutsideTheClockWindowIsRefusedEitherSide() {
        assertThat(tokens.check(
                                MAILBOX,
                                MeshToken.header(
                                        KEY, MAILBOX, "password", NONCE, 0, NOW.minus(Duration.ofMinutes(121))))
                        .refused())
                .isEqualTo("the token's time is outside the clock window");
        assertThat(tokens.check(
                                MAILBOX,
                                MeshToken.header(KEY, MAILBOX, "password", NONCE, 1, NOW.plus(Duration.ofMinutes(121))))
                        .good())
                .isFalse();
        assertThat(tokens.check(
                                MAILBOX,
                                MeshToken.header(
                                        KEY, MAILBOX, "password", NONCE, 2, NOW.minus(Duration.ofMinutes(119))))
                        .good())
                .isTrue();
    }

    @Test
    void aMalformedHeaderIsNoToken() {
        for (String header : new String[] {
            null,
            "",
            "Basic dXNlcjpwYXNz",
            "NHSMESH " + MAILBOX + ":" + NONCE + ":0:202612070930",
            "NHSMESH " + MAILBOX + ":" + NONCE + ":0::abc",
            "NHSMESH " + MAILBOX + ":" + NONCE + ":0:202612070930:not-hex",
            "NHSMESH " + MAILBOX + ":" + NONCE + ":0:2026-12-07:abcd"
        }) {
            assertThat(tokens.check(MAILBOX, header).good())
                    .as(String.valueOf(header))
                    .isFalse();
        }
        assertThat(MeshToken.parse("nhsmesh " + MAILBOX + ":" + NONCE + ":0:202612070930:ab"))
                .as("the scheme in any case")
                .isPresent();
    }
}
