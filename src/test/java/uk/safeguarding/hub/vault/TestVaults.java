package uk.safeguarding.hub.vault;

import java.security.SecureRandom;
import java.time.Clock;

/** A vault of the tests' own: a random key-encryption key, data keys kept in memory. */
public final class TestVaults {

    private TestVaults() {}

    private static final Vault SHARED = inMemory();

    /** One vault for every unit test in this JVM: what one part seals, another opens. */
    public static Vault shared() {
        return SHARED;
    }

    public static Vault inMemory() {
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        return new Vault(kek, dataKeys(), Clock.systemUTC());
    }

    /** Data keys kept in this process only. */
    public static DataKeys dataKeys() {
        java.util.List<DataKeys.Stored> keys = new java.util.concurrent.CopyOnWriteArrayList<>();
        return new DataKeys() {
            @Override
            public java.util.List<Stored> all() {
                return java.util.List.copyOf(keys);
            }

            @Override
            public synchronized boolean add(Stored key) {
                if (keys.stream().anyMatch(k -> k.id() == key.id())) {
                    return false;
                }
                keys.add(key);
                return true;
            }

            @Override
            public synchronized void retire(Purpose purpose, int newer, java.time.Instant at) {
                keys.replaceAll(k -> k.purpose() == purpose && k.retiredAt() == null && k.id() < newer
                        ? new Stored(k.id(), k.purpose(), k.wrapped(), k.createdAt(), at)
                        : k);
            }
        };
    }
}
