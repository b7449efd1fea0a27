package uk.safeguarding.hub.system.broker;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.activemq.artemis.utils.SensitiveDataCodec;

/**
 * How the broker's acceptor gets its store passwords without their ever appearing in its settings (which Artemis
 * logs): the acceptor is given {@code ENC(<token>)} and this class's name as its password codec, and the codec
 * hands back the password held in memory under that token. Nothing is encrypted and nothing is written down; a
 * token means nothing outside this process. Artemis makes its own instance by name, hence the static store.
 */
public class HeldPasswords implements SensitiveDataCodec<String> {

    private static final Map<String, String> HELD = new ConcurrentHashMap<>();

    /** The acceptor parameter for a password: {@code ENC(token)}. */
    static String hold(String password) {
        return "ENC(" + token(password) + ")";
    }

    private static String token(String password) {
        String token = UUID.randomUUID().toString();
        HELD.put(token, password);
        return token;
    }

    @Override
    public String decode(Object token) {
        String password = HELD.get(String.valueOf(token));
        if (password == null) {
            throw new IllegalArgumentException("no password is held under that token");
        }
        return password;
    }

    @Override
    public String encode(Object secret) {
        return token(String.valueOf(secret));
    }
}
