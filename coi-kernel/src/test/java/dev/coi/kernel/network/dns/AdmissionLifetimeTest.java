package dev.coi.kernel.network.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdmissionLifetimeTest {

    private final AdmissionLifetime lifetime = new AdmissionLifetime(Duration.ofSeconds(5), Duration.ofHours(1),
            Duration.ofSeconds(30));

    @ParameterizedTest(name = "TTL {0} s: open {1} s")
    @CsvSource({"0, 35", "5, 35", "6, 36", "300, 330", "3600, 3630", "2147483647, 3630"})
    void theTtlWithinFloorAndCeilingPlusGrace(long ttl, long seconds) {
        assertEquals(Duration.ofSeconds(seconds), lifetime.forTtl(ttl));
    }
}
