package uk.safeguarding.hub.register;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import uk.safeguarding.hub.vault.Purpose;
import uk.safeguarding.hub.vault.Vault;

/**
 * People as the registers store them: a row is found by the keyed hash of an NHS number (or of an unborn child's
 * register key), never by the number; where the hub needs the number back, a sealed copy sits beside the hash.
 */
final class People {

    /** A stored key is a keyed hash when it has this length (an NHS number has 10, an unborn key 28). */
    static final int HASHED = 43;

    private final Vault vault;

    People(Vault vault) {
        this.vault = vault;
    }

    String key(String person) {
        return vault.index(person);
    }

    /** Each person's key, and who it stands for. */
    Map<String, String> keys(Collection<String> people) {
        Map<String, String> keys = new LinkedHashMap<>();
        people.forEach(p -> keys.put(key(p), p));
        return keys;
    }

    String seal(String value, String context) {
        return vault.sealText(Purpose.CONTENT, value, context);
    }

    String open(String sealed, String context) {
        return vault.openText(Purpose.CONTENT, sealed, context);
    }
}
