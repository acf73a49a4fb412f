package dev.coi.kernel.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HealthReportTest {

    private static HealthReport of(FixedCheck... checks) {
        return new HealthReport(OffsetDateTime.parse("2026-11-27T03:00:00Z"), Arrays.stream(checks)
                .map(check -> new CheckOutcome(check.name(), check.category(), check.result())).toList());
    }

    @Test
    void allPassedIsHealthyAndExitsZero() {
        HealthReport report = of(FixedCheck.ok("a"), FixedCheck.ok("b"));

        assertEquals(OverallStatus.HEALTHY, report.status());
        assertEquals(0, report.status().exitCode());
        assertEquals(new HealthSummary(2, 2, 0, 0), report.summary());
    }

    @Test
    void aWarningIsDegradedAndExitsOne() {
        HealthReport report = of(FixedCheck.ok("a"), FixedCheck.warning("b"), FixedCheck.warning("c"));

        assertEquals(OverallStatus.DEGRADED, report.status());
        assertEquals(1, report.status().exitCode());
        assertEquals(new HealthSummary(3, 1, 2, 0), report.summary());
    }

    @Test
    void aFailureOutweighsWarningsAndExitsTwo() {
        HealthReport report = of(FixedCheck.warning("a"), FixedCheck.failed("b"), FixedCheck.ok("c"));

        assertEquals(OverallStatus.UNHEALTHY, report.status());
        assertEquals(2, report.status().exitCode());
        assertEquals(new HealthSummary(3, 1, 1, 1), report.summary());
    }

    @Test
    void noChecksAtAllIsHealthy() {
        assertEquals(OverallStatus.HEALTHY, of().status());
        assertEquals(new HealthSummary(0, 0, 0, 0), of().summary());
    }
}
