package dev.coi.kernel.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageAgeCheckTest {

    private static final Instant NOW = Instant.parse("2026-11-27T06:00:00Z");

    private static HealthResult age(String alias, Optional<Instant> built) {
        NoHost host = new NoHost(Map.of());
        return new ImageAgeCheck(Optional.of(alias), name -> name.equals(alias) ? built : Optional.empty(),
                Clock.fixed(NOW, ZoneOffset.UTC)).run(host, host);
    }

    @Test
    void aRecentImagePasses() {
        HealthResult result = age("coi", Optional.of(NOW.minus(Duration.ofDays(2))));

        assertEquals(Status.OK, result.status());
        assertEquals("coi was built 2 days ago", result.message());
        assertEquals("2", result.details().get("age_days"));
    }

    @Test
    void anOldImageWarnsToRebuildIt() {
        HealthResult result = age("coi", Optional.of(NOW.minus(Duration.ofDays(45))));

        assertEquals(Status.WARNING, result.status());
        assertEquals("coi was built 45 days ago: the AI tool and packages in it are likely out of date",
                result.message());
        assertEquals("rebuild it: coi build --force", result.fix());
        assertEquals("rebuild it with coi build custom --force",
                age("mine", Optional.of(NOW.minus(Duration.ofDays(45)))).fix());
    }

    @Test
    void aMissingImageIsLeftToTheImageCheck() {
        assertEquals(HealthResult.warning("not checked: there is no image 'coi'", "see the image check"),
                age("coi", Optional.empty()));
    }
}
