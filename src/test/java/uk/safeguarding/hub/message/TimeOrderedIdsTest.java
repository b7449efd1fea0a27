package uk.safeguarding.hub.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void anIdIsAVersion7UuidThatSortsByItsTime() {
        UUID earlier = TimeOrderedIds.at(1_764_662_400_000L);
        UUID later = TimeOrderedIds.at(1_764_662_400_001L);
        assertThat(earlier.version()).isEqualTo(7);
        assertThat(earlier.variant()).isEqualTo(2);
        assertThat(earlier.getMostSignificantBits() >>> 16).isEqualTo(1_764_662_400_000L);
        assertThat(earlier.toString()).isLessThan(later.toString());
        assertThat(TimeOrderedIds.next())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @Test
    void idsInTheSameMillisecondDifferInTheirRandomBits() {
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            seen.add(TimeOrderedIds.at(1_764_662_400_000L));
        }
        assertThat(seen).hasSize(10_000);
    }
}
