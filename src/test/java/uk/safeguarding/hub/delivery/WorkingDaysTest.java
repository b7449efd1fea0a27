package uk.safeguarding.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The working days a referral outcome is counted in: weekends and the listed bank holidays are not. */
class WorkingDaysTest {

    final WorkingDays days = WorkingDays.fromFile(Path.of("config/bank-holidays.yaml"));

    @Test
    void threeWorkingDaysSkipTheWeekendAndTheBankHolidays() {
        // Wednesday 23 December 2026 10:00: Thursday 24, then Tuesday 29 (25 and 28 are bank holidays), Wednesday 30.
        assertThat(days.plus(Instant.parse("2026-12-23T10:00:00Z"), 3))
                .isEqualTo(Instant.parse("2026-12-30T10:00:00Z"));
        // Friday 10:00 plus one working day is Monday 10:00; zero days is the moment itself.
        assertThat(days.plus(Instant.parse("2026-12-04T10:00:00Z"), 1))
                .isEqualTo(Instant.parse("2026-12-07T10:00:00Z"));
        assertThat(days.plus(Instant.parse("2026-12-04T10:00:00Z"), 0))
                .isEqualTo(Instant.parse("2026-12-04T10:00:00Z"));
        // British Summer Time: the same time of day in London.
        assertThat(days.plus(Instant.parse("2027-03-25T09:00:00Z"), 1))
                .isEqualTo(Instant.parse("2027-03-30T08:00:00Z"));
        assertThat(days.isWorkingDay(LocalDate.of(2027, 8, 30))).isFalse();
    }

    @Test
    void aLineThatIsNotADateStopsTheStartNamingTheLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bank-holidays.yaml");
        Files.writeString(file, "bank-holidays:\n  - 2026-12-25\n  - 26 December\n");
        assertThatThrownBy(() -> WorkingDays.fromFile(file))
                .isInstanceOf(WorkingDays.BankHolidaysFileException.class)
                .hasMessageContaining("line 3: '26 December' is not a date");
    }
}
