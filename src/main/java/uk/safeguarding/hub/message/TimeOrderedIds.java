package uk.safeguarding.hub.message;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Ids for messages and shares in the layout of a version 7 UUID (RFC 9562): the time in milliseconds first, then 74
 * random bits. They read like any UUID and are as hard to guess, but the new rows of every table keyed or indexed by
 * them land at the end of the index instead of on a random page, so each commit rewrites a few pages, not one per
 * row.
 */
public final class TimeOrderedIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TimeOrderedIds() {}

    public static String next() {
        return at(System.currentTimeMillis()).toString();
    }

    static UUID at(long epochMillis) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long high =
                (epochMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | ((random[0] & 0x0FL) << 8) | (random[1] & 0xFFL);
        long low = 0x8000_0000_0000_0000L | ((random[2] & 0x3FL) << 56);
        for (int i = 3; i < 10; i++) {
            low |= (random[i] & 0xFFL) << (8 * (9 - i));
        }
        return new UUID(high, low);
    }
}
