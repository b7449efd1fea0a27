package uk.safeguarding.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** Times as the console shows them: UK time, in words a person reads. */
class UkTimeTest {

    final UkTime uk = new UkTime();

    @Test
    void aMomentReadsAsItsUkDayAndTime() {
        assertThat(uk.time(Instant.parse("2026-12-07T09:45:12.879131915Z"))).isEqualTo("7 Dec 2026, 09:45");
        // Summer time: 23:00 UTC on 30 September is midnight in London on 1 October.
        assertThat(uk.time("2026-09-30T23:00:00Z")).isEqualTo("1 Oct 2026, 00:00");
        assertThat(uk.time(OffsetDateTime.parse("2026-07-01T12:00:00+00:00"))).isEqualTo("1 Jul 2026, 13:00");
        assertThat(uk.time(Timestamp.from(Instant.parse("2026-12-07T09:45:00Z"))))
                .isEqualTo("7 Dec 2026, 09:45");
    }

    @Test
    void aQuartersEndIsTheDayBeforeItsExclusiveMidnight() {
        assertThat(uk.date("2026-09-30T23:00:00Z")).isEqualTo("1 Oct 2026");
        assertThat(uk.dayBefore("2027-01-01T00:00:00Z")).isEqualTo("31 Dec 2026");
    }

    @Test
    void nothingStaysNothingAndWordsStayWords() {
        assertThat(uk.time(null)).isNull();
        assertThat(uk.time("not seen")).isEqualTo("not seen");
    }
}
