package uk.safeguarding.hub.e2e;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Looking for what was sent in a dump of the database. */
final class Dumps {

    private Dumps() {}

    /**
     * Where {@code value} stands alone in the dump (not inside a longer word, number or base64 run, where a short name
     * can occur by chance in ciphertext), or -1.
     */
    static int standingAlone(CharSequence dump, String value) {
        Matcher m = Pattern.compile("(?<![A-Za-z0-9+/_-])" + Pattern.quote(value) + "(?![A-Za-z0-9+/=_-])")
                .matcher(dump);
        return m.find() ? m.start() : -1;
    }

    /** The dump around a place, for a failure's message. */
    static String around(CharSequence dump, int at) {
        return at < 0
                ? "-"
                : dump.subSequence(Math.max(0, at - 300), Math.min(dump.length(), at + 100))
                        .toString();
    }
}
