package uk.safeguarding.hub.vault;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens personal data for the database. A sealed value is {@code 'V' 1 <key id: 4 bytes> <nonce: 12 bytes>
 * <AES-GCM ciphertext and tag>}, authenticated together with its purpose and the context the caller names (a table
 * and column), so a value moved to another place does not open. Data keys (AES-256) are made when first needed, one
 * in force per purpose, and stored wrapped (AES-GCM) by the key-encryption key, which never enters the database.
 * {@link #rotate} puts a new key in force; values under the old one still open. A value that is not sealed (written
 * before the vault) opens as it is, so a database written earlier keeps reading while it is sealed bit by bit.
 */
public final class Vault {

    static final byte MAGIC = 'V';
    static final byte FORMAT = 1;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final int HEADER = 2 + 4 + NONCE;

    private final SecretKey kek;
    private final DataKeys store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<Integer, Key> keys = new ConcurrentHashMap<>();
    private final Map<Purpose, Key> inForce = new ConcurrentHashMap<>();

    private record Key(int id, Purpose purpose, SecretKey key, Instant createdAt, Instant retiredAt) {}

    /** {@code kek}: the key-encryption key, 32 bytes. */
    public Vault(byte[] kek, DataKeys store, Clock clock) {
        if (kek == null || kek.length != 32) {
            throw new IllegalArgumentException("the vault's key-encryption key must be 32 bytes (256 bits), was "
                    + (kek == null ? "none" : kek.length + " bytes"));
        }
        this.kek = new SecretKeySpec(kek, "AES");
        this.store = store;
        this.clock = clock;
    }

    /**
     * Opens every stored data key now: a key-encryption key that does not open them fails here, at start, rather
     * than at the first message. (Not in the constructor: the database may not be migrated yet then.)
     */
    public void check() {
        load();
    }

    /** The key-encryption key from its text form: base64 (standard or URL-safe) of 32 bytes. */
    public static byte[] keyFromText(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no key-encryption key is set");
        }
        String t = text.strip();
        try {
            return t.contains("+") || t.contains("/")
                    ? Base64.getDecoder().decode(t)
                    : Base64.getUrlDecoder().decode(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key-encryption key is not base64");
        }
    }

    /** Seals {@code plain} for {@code context} (for example "inbound_message.body") under the purpose's key in force. */
    public byte[] seal(Purpose purpose, byte[] plain, String context) {
        if (plain == null) {
            return null;
        }
        Key key = inForce(purpose);
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            gcm.updateAAD(aad(purpose, context, key.id()));
            byte[] sealed = gcm.doFinal(plain);
            return ByteBuffer.allocate(HEADER + sealed.length)
                    .put(MAGIC)
                    .put(FORMAT)
                    .putInt(key.id())
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new VaultException("cannot seal for " + context, e);
        }
    }

    /** The value as written: opened if sealed, as it is if written before the vault. */
    public byte[] open(Purpose purpose, byte[] value, String context) {
        if (value == null || !isSealed(value)) {
            return value;
        }
        if (value.length < HEADER + TAG_BITS / 8) {
            throw new VaultException("a sealed " + context + " is cut short");
        }
        ByteBuffer in = ByteBuffer.wrap(value);
        in.position(2);
        int id = in.getInt();
        byte[] nonce = new byte[NONCE];
        in.get(nonce);
        Key key = key(id).orElseThrow(() ->
                new VaultException("a sealed " + context + " names key " + id + ", which this hub does not hold"));
        if (key.purpose() != purpose) {
            throw new VaultException("a sealed " + context + " is under a key of another purpose");
        }
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            gcm.updateAAD(aad(purpose, context, id));
            return gcm.doFinal(value, HEADER, value.length - HEADER);
        } catch (AEADBadTagException e) {
            throw new VaultException("a sealed " + context + " was changed: refused", e);
        } catch (GeneralSecurityException e) {
            throw new VaultException("cannot open a sealed " + context, e);
        }
    }

    /** Text columns: the sealed value in base64, prefixed so that text written before the vault still reads. */
    public String sealText(Purpose purpose, String plain, String context) {
        if (plain == null) {
            return null;
        }
        return TEXT_PREFIX
                + Base64.getEncoder().encodeToString(seal(purpose, plain.getBytes(StandardCharsets.UTF_8), context));
    }

    public String openText(Purpose purpose, String value, String context) {
        if (value == null || !value.startsWith(TEXT_PREFIX)) {
            return value;
        }
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(value.substring(TEXT_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new VaultException("a sealed " + context + " is not base64");
        }
        if (!isSealed(sealed)) {
            throw new VaultException("a sealed " + context + " is not in the vault's form");
        }
        return new String(open(purpose, sealed, context), StandardCharsets.UTF_8);
    }

    static final String TEXT_PREFIX = "vault:1:";

    public static boolean isSealed(byte[] value) {
        return value != null && value.length >= 2 && value[0] == MAGIC && value[1] == FORMAT;
    }

    /**
     * The keyed hash of an NHS number (or any identifier), the only form that indexes and lookups see: HMAC-SHA256
     * under the index key, base64url, 43 characters. The same number gives the same hash on every instance.
     */
    public String index(String identifier) {
        if (identifier == null) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(inForce(Purpose.INDEX).key());
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.doFinal(identifier.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new VaultException("cannot hash an identifier", e);
        }
    }

    /**
     * Puts a new key in force for the purpose; what was sealed before still opens under its own key. The index key
     * does not rotate: every lookup must find what was written.
     */
    public int rotate(Purpose purpose) {
        if (purpose == Purpose.INDEX) {
            throw new IllegalArgumentException("the index key does not rotate");
        }
        Instant now = Instant.now(clock);
        Key made = make(purpose, now);
        store.retire(purpose, made.id(), now);
        load();
        return made.id();
    }

    /** A data key as operators see it: never its material. */
    public record KeyInfo(int id, Purpose purpose, Instant createdAt, Instant retiredAt) {}

    /** Every data key stored, oldest first. */
    public java.util.List<KeyInfo> keys() {
        return store.all().stream()
                .map(k -> new KeyInfo(k.id(), k.purpose(), k.createdAt(), k.retiredAt()))
                .sorted(Comparator.comparingInt(KeyInfo::id))
                .toList();
    }

    /** The id of the purpose's key in force (made if there is none yet). */
    public int keyInForce(Purpose purpose) {
        return inForce(purpose).id();
    }

    private Key inForce(Purpose purpose) {
        Key key = inForce.get(purpose);
        if (key != null) {
            return key;
        }
        synchronized (this) {
            load();
            key = inForce.get(purpose);
            if (key == null) {
                make(purpose, Instant.now(clock));
                load();
                key = inForce.get(purpose);
            }
            return key;
        }
    }

    private Optional<Key> key(int id) {
        Key key = keys.get(id);
        if (key == null) {
            load(); // another instance may have made it since
            key = keys.get(id);
        }
        return Optional.ofNullable(key);
    }

    /** A new data key, stored wrapped; if another instance took the id first, the next one. */
    private synchronized Key make(Purpose purpose, Instant now) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        for (int attempt = 0; attempt < 10; attempt++) {
            int id = store.all().stream().mapToInt(DataKeys.Stored::id).max().orElse(0) + 1;
            DataKeys.Stored stored = new DataKeys.Stored(id, purpose, wrap(raw, purpose, id), now, null);
            if (store.add(stored)) {
                return new Key(id, purpose, new SecretKeySpec(raw, "AES"), now, null);
            }
        }
        throw new VaultException("cannot store a new data key: its id was taken ten times over");
    }

    private synchronized void load() {
        for (DataKeys.Stored s : store.all()) {
            keys.compute(
                    s.id(),
                    (id, known) -> new Key(
                            id,
                            s.purpose(),
                            known != null
                                    ? known.key()
                                    : new SecretKeySpec(unwrap(s.wrapped(), s.purpose(), id), "AES"),
                            s.createdAt(),
                            s.retiredAt()));
        }
        for (Purpose p : Purpose.values()) {
            keys.values().stream()
                    .filter(k -> k.purpose() == p && k.retiredAt() == null)
                    // The index key is the first ever made: every hash must stay the same.
                    .max(
                            p == Purpose.INDEX
                                    ? Comparator.comparingInt((Key k) -> -k.id())
                                    : Comparator.comparingInt(Key::id))
                    .ifPresent(k -> inForce.put(p, k));
        }
    }

    private byte[] wrap(byte[] raw, Purpose purpose, int id) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, nonce));
            gcm.updateAAD(("vault-key|" + purpose + "|" + id).getBytes(StandardCharsets.UTF_8));
            byte[] wrapped = gcm.doFinal(raw);
            return ByteBuffer.allocate(NONCE + wrapped.length)
                    .put(nonce)
                    .put(wrapped)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new VaultException("cannot wrap a data key", e);
        }
    }

    private byte[] unwrap(byte[] wrapped, Purpose purpose, int id) {
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, wrapped, 0, NONCE));
            gcm.updateAAD(("vault-key|" + purpose + "|" + id).getBytes(StandardCharsets.UTF_8));
            return gcm.doFinal(wrapped, NONCE, wrapped.length - NONCE);
        } catch (AEADBadTagException e) {
            throw new VaultException(
                    "data key " + id + " does not open with this key-encryption key: is"
                            + " hub.vault.key the one this database was written with?",
                    e);
        } catch (GeneralSecurityException e) {
            throw new VaultException("cannot unwrap data key " + id, e);
        }
    }

    private static byte[] aad(Purpose purpose, String context, int id) {
        return (purpose + "|" + context + "|" + id).getBytes(StandardCharsets.UTF_8);
    }
}
