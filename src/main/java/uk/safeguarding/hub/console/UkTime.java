package uk.safeguarding.hub.console;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Times as people in England read them, for the console's pages ({@code ${@uk.time(...)}}): "7 Dec 2026, 09:45" in
 * UK time, summer time included; dates as "7 Dec 2026". Raw ISO instants stay in the API and the CSV exports.
 */
@Component("uk")
public class UkTime {

    static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final DateTimeFormatter TIME = uk.safeguarding.hub.message.Words.UK_TIME;
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("d MMM yyyy", Locale.UK).withZone(LONDON);

    /** The moment as "7 Dec 2026, 09:45"; null for none; anything that is not a moment as it is. */
    public String time(Object value) {
        return format(value, TIME);
    }

    /** The moment's day in the UK, as "7 Dec 2026". */
    public String date(Object value) {
        return format(value, DATE);
    }

    /** The last UK day before an exclusive end (a period to midnight 1 Jan ends on 31 Dec). */
    public String dayBefore(Object exclusiveEnd) {
        Instant end = instant(exclusiveEnd);
        return end == null ? date(exclusiveEnd) : DATE.format(end.minusNanos(1));
    }

    /** A wait in words: "45 seconds", "4 minutes", "2 hours", "3 days". */
    public String waited(Long seconds) {
        return waitedFor(seconds);
    }

    static String waitedFor(Long seconds) {
        if (seconds == null) {
            return "not known";
        }
        if (seconds < 120) {
            return seconds + " second" + (seconds == 1 ? "" : "s");
        }
        if (seconds < 2 * 3600) {
            return seconds / 60 + " minutes";
        }
        if (seconds < 2 * 86_400) {
            return seconds / 3600 + " hours";
        }
        return seconds / 86_400 + " days";
    }

    private static String format(Object value, DateTimeFormatter format) {
        Instant at = instant(value);
        return at != null ? format.format(at) : value == null ? null : value.toString();
    }

    static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (value instanceof Date d) { // java.sql.Timestamp too
            return d.toInstant();
        }
        if (value instanceof CharSequence text) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notOne) {
                return null;
            }
        }
        return null;
    }
}
