package uk.safeguarding.hub.vault;

import java.security.SecureRandom;
import java.time.Clock;

/** A vault of the tests' own: a random key-encryption key, data keys kept in memory. */
public final class TestVaults {

    private TestVaults() {}

    public static Vault inMemory() {
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        return new Vault(kek, DataKeys.inMemory(), Clock.systemUTC());
    }
}
