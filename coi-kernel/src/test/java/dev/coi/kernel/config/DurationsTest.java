package dev.coi.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void formatsTheWayItParses() {
        for (String text : new String[] {"2h", "30m", "1h30m", "45s", "1h0m5s", "100h"}) {
            Duration duration = Durations.parse(text).orElseThrow();
            assertEquals(duration, Durations.parse(Durations.format(duration)).orElseThrow(), text);
        }
        assertEquals("1h30m", Durations.format(Duration.ofMinutes(90)));
        assertEquals("1h5s", Durations.format(Duration.ofSeconds(3605)));
        assertEquals("90h", Durations.format(Duration.ofHours(90)));
    }

    @Test
    void aNumberTooLargeIsNotADuration() {
        assertEquals(Optional.empty(), Durations.parse("99999999999999999999h"));
    }
}
