package dev.eventline.schemas.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class EventIdsTest {

    private final EventIds ids = new EventIds();
    private static final Instant AT = Instant.parse("2026-03-31T23:59:59.123Z");

    @Test
    void shouldMakeVersion7VariantRfcIdsCarryingTheirMillisecond() {
        UUID id = ids.next(AT);

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(EventIds.instantOf(id)).isEqualTo(AT);
    }

    @Test
    void shouldIncreaseWithinOneMillisecondAndAcrossAClockStepBack() {
        List<UUID> made = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            made.add(ids.next(AT));
        }
        made.add(ids.next(AT.minusSeconds(5)));

        for (int i = 1; i < made.size(); i++) {
            assertThat(made.get(i).toString()).as("id %d", i).isGreaterThan(made.get(i - 1).toString());
        }
    }

    @Test
    void shouldSortByTimeAcrossMilliseconds() {
        UUID earlier = ids.next(AT);
        UUID later = new EventIds().next(AT.plusMillis(1));

        assertThat(later.toString()).isGreaterThan(earlier.toString());
    }

    @Test
    void shouldRefuseToReadTheTimeOfAnotherVersion() {
        assertThatThrownBy(() -> EventIds.instantOf(UUID.randomUUID())).isInstanceOf(IllegalArgumentException.class);
    }
}
