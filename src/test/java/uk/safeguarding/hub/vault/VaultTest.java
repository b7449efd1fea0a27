package uk.safeguarding.hub.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * The vault: what it seals opens only for the same purpose and place, a changed byte is refused, a rotated key's
 * values still open, a second instance on the same keys reads everything and hashes alike, and a wrong
 * key-encryption key is named at once.
 */
class VaultTest {

    static byte[] kek() {
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        return kek;
    }

    final byte[] kek = kek();
    final DataKeys keys = TestVaults.dataKeys();
    final Vault vault = new Vault(kek, keys, Clock.systemUTC());
    final byte[] message = "{\"resourceType\":\"Bundle\",\"id\":\"amy\"} 9990000018".getBytes(StandardCharsets.UTF_8);

    @Test
    void whatItSealsOpensForTheSamePurposeAndPlaceOnly() {
        byte[] sealed = vault.seal(Purpose.CONTENT, message, "inbound_message.body");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1))
                .doesNotContain("9990000018")
                .doesNotContain("amy");
        assertThat(Vault.isSealed(sealed)).isTrue();
        assertThat(vault.open(Purpose.CONTENT, sealed, "inbound_message.body")).isEqualTo(message);
        assertThatThrownBy(() -> vault.open(Purpose.CONTENT, sealed, "quarantine.body"))
                .as("moved to another column")
                .isInstanceOf(VaultException.class);
        assertThatThrownBy(() -> vault.open(Purpose.QUARANTINE, sealed, "inbound_message.body"))
                .as("opened for another purpose")
                .isInstanceOf(VaultException.class);
        assertThat(vault.seal(Purpose.CONTENT, message, "inbound_message.body"))
                .as("a new nonce each time")
                .isNotEqualTo(sealed);
    }

    @Test
    void aChangedByteIsRefusedNotReturned() {
        byte[] sealed = vault.seal(Purpose.CONTENT, message, "inbound_message.body");
        for (int i : new int[] {6, 20, sealed.length - 1}) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 1;
            assertThatThrownBy(() -> vault.open(Purpose.CONTENT, tampered, "inbound_message.body"))
                    .isInstanceOf(VaultException.class);
        }
        byte[] cut = java.util.Arrays.copyOf(sealed, 20);
        assertThatThrownBy(() -> vault.open(Purpose.CONTENT, cut, "inbound_message.body"))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("cut short");
    }

    @Test
    void aValueWrittenBeforeTheVaultReadsAsItIs() {
        assertThat(vault.open(Purpose.CONTENT, message, "inbound_message.body")).isEqualTo(message);
        assertThat(vault.openText(Purpose.CONTENT, "plain text", "x")).isEqualTo("plain text");
        String sealed = vault.sealText(Purpose.CONTENT, "Amy, 9990000018", "x");
        assertThat(sealed).startsWith("vault:1:").doesNotContain("9990000018");
        assertThat(vault.openText(Purpose.CONTENT, sealed, "x")).isEqualTo("Amy, 9990000018");
    }

    @Test
    void aValueUnderARetiredKeyStillOpensAfterARotation() {
        byte[] before = vault.seal(Purpose.CONTENT, message, "inbound_message.body");
        int old = vault.keyInForce(Purpose.CONTENT);
        int rotated = vault.rotate(Purpose.CONTENT);
        assertThat(rotated).isNotEqualTo(old);
        assertThat(vault.keyInForce(Purpose.CONTENT)).isEqualTo(rotated);
        byte[] after = vault.seal(Purpose.CONTENT, message, "inbound_message.body");
        assertThat(vault.open(Purpose.CONTENT, before, "inbound_message.body")).isEqualTo(message);
        assertThat(vault.open(Purpose.CONTENT, after, "inbound_message.body")).isEqualTo(message);
        assertThatThrownBy(() -> vault.rotate(Purpose.INDEX)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The same in the hub's database, whose stored times are rounded to the microsecond: each rotation leaves exactly
     * the new key in force and the older ones retired, and a vault started afresh on the database agrees. (Retiring
     * by time once retired the new key too, the rounding put its stored time before the one compared.)
     */
    @Test
    void rotationsInTheDatabaseLeaveTheNewKeyInForce() {
        var db = uk.safeguarding.hub.TestDatabase.create();
        Vault stored = new Vault(kek, DataKeys.in(db.jdbc), Clock.systemUTC());
        byte[] first = stored.seal(Purpose.CONTENT, message, "inbound_message.body");
        for (int i = 0; i < 5; i++) {
            int rotated = stored.rotate(Purpose.CONTENT);
            assertThat(stored.keyInForce(Purpose.CONTENT)).isEqualTo(rotated);
            assertThat(stored.keys())
                    .filteredOn(k -> k.purpose() == Purpose.CONTENT && k.retiredAt() == null)
                    .extracting(Vault.KeyInfo::id)
                    .containsExactly(rotated);
            assertThat(new Vault(kek, DataKeys.in(db.jdbc), Clock.systemUTC()).keyInForce(Purpose.CONTENT))
                    .isEqualTo(rotated);
        }
        assertThat(stored.open(Purpose.CONTENT, first, "inbound_message.body")).isEqualTo(message);
    }

    @Test
    void anotherInstanceOnTheSameKeysOpensEverythingAndHashesAlike() {
        String hash = vault.index("9990000018");
        byte[] sealed = vault.seal(Purpose.CONTENT, message, "inbound_message.body");
        Vault other = new Vault(kek, keys, Clock.systemUTC());
        assertThat(other.open(Purpose.CONTENT, sealed, "inbound_message.body")).isEqualTo(message);
        assertThat(other.index("9990000018")).isEqualTo(hash).hasSize(43).doesNotContain("9990000018");
        assertThat(other.index("9990000026")).isNotEqualTo(hash);
        // A key the other instance makes later is found when its value is first read here.
        int rotated = other.rotate(Purpose.CONTENT);
        byte[] underNewKey = other.seal(Purpose.CONTENT, message, "inbound_message.body");
        assertThat(vault.open(Purpose.CONTENT, underNewKey, "inbound_message.body"))
                .isEqualTo(message);
        assertThat(rotated).isPositive();
        assertThat(vault.index("9990000018")).as("the index key never changes").isEqualTo(hash);
    }

    @Test
    void aWrongKeyEncryptionKeyIsNamedAtOnce() {
        vault.seal(Purpose.CONTENT, message, "inbound_message.body");
        assertThatThrownBy(() -> new Vault(kek(), keys, Clock.systemUTC()).check())
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("hub.vault.key");
        assertThatThrownBy(() -> new Vault(new byte[16], keys, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
    }
}
