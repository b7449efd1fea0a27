package uk.safeguarding.hub.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The chain's key: each entry's hash is an HMAC-SHA256 of its fields and the previous hash under a key that lives
 * outside the database, so an entry rewritten there cannot be given a hash that verifies.
 */
public final class ChainKey {

    private final SecretKeySpec key;

    public ChainKey(String base64) {
        this.key = new SecretKeySpec(decode(base64), "HmacSHA256");
    }

    static byte[] decode(String base64) {
        String text = base64.trim();
        try {
            return Base64.getUrlDecoder()
                    .decode(text.replace('+', '-').replace('/', '_').replace("=", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hub.audit.key is not base64");
        }
    }

    String hash(Object... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            for (Object part : parts) {
                byte[] bytes = String.valueOf(part).getBytes(StandardCharsets.UTF_8);
                // Length-prefixed so that moving text between fields changes the hash.
                mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                mac.update(bytes);
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
