package dev.coi.kernel.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.config.Limits;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionDeadlineTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    private static Limits.Runtime maxDuration(Duration duration) {
        return new Limits.Runtime(Optional.ofNullable(duration), 0, true, true);
    }

    @Test
    void aNewSessionCountsFromNow() {
        DeadlineRecord record = SessionLimits.deadline("c", "s", maxDuration(Duration.ofHours(2)), NOW,
                Optional.empty()).orElseThrow();
        assertEquals("2026-11-27T10:00:00Z", record.startedAt());
        assertEquals("2026-11-27T12:00:00Z", record.deadline());
        assertEquals("2h", record.maxDuration());
    }

    @Test
    void aReattachKeepsTheSessionsStartSoItNeverExtendsTheSession() {
        DeadlineRecord earlier = new DeadlineRecord("c", "s", "2026-11-27T09:30:00Z", "2026-11-27T10:30:00Z", "1h",
                true, true, true);
        DeadlineRecord record = SessionLimits.deadline("c", "s", maxDuration(Duration.ofHours(1)), NOW,
                Optional.of(earlier)).orElseThrow();
        assertEquals("2026-11-27T09:30:00Z", record.startedAt());
        assertEquals("2026-11-27T10:30:00Z", record.deadline());
    }

    @Test
    void aReattachWithAnotherMaxDurationCountsItFromTheSessionsStart() {
        DeadlineRecord earlier = new DeadlineRecord("c", "s", "2026-11-27T09:30:00Z", "2026-11-27T10:30:00Z", "1h",
                true, true, false);
        DeadlineRecord record = SessionLimits.deadline("c", "s", maxDuration(Duration.ofMinutes(45)), NOW,
                Optional.of(earlier)).orElseThrow();
        assertEquals("2026-11-27T10:15:00Z", record.deadline());
        assertTrue(record.due().isAfter(NOW));
    }

    @Test
    void withoutMaxDurationThereIsNoDeadline() {
        assertTrue(SessionLimits.deadline("c", "s", maxDuration(null), NOW, Optional.empty()).isEmpty());
    }
}
