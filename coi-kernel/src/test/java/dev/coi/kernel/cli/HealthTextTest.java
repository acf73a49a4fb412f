package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import dev.coi.kernel.health.CheckOutcome;
import dev.coi.kernel.health.HealthReport;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthTextTest {

    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-11-27T03:00:00Z");

    private static HealthReport report(CheckOutcome... checks) {
        return new HealthReport(NOW, List.of(checks));
    }

    private static CheckOutcome ok(String name, String category) {
        return new CheckOutcome(name, category, HealthResult.ok(name + " works"));
    }

    @Test
    void groupsBySectionInTheReferenceOrderAndSaysHowToFix() {
        HealthReport report = report(
                new CheckOutcome("incus", "CRITICAL", new HealthResult(Status.OK, "Incus 6.0.4", "",
                        Map.of("version", "6.0.4"))),
                new CheckOutcome("ip_forwarding", "NETWORKING", HealthResult.warning("off", "sysctl it")),
                ok("colima", "SYSTEM"),
                new CheckOutcome("aider_key", "TOOLS", HealthResult.failed("no key", "set one")));

        assertEquals(List.of(
                "SYSTEM",
                "  [OK]   colima       : colima works",
                "",
                "CRITICAL",
                "  [OK]   incus        : Incus 6.0.4",
                "",
                "NETWORKING",
                "  [WARN] ip_forwarding: off",
                "                        fix: sysctl it",
                "",
                "TOOLS",
                "  [FAIL] aider_key    : no key",
                "                        fix: set one",
                "",
                "STATUS: UNHEALTHY",
                "1 of 4 checks failed, 1 warning"), HealthText.lines(report, false, false));
    }

    @Test
    void verboseAddsTheDetails() {
        HealthReport report = report(new CheckOutcome("incus", "CRITICAL", new HealthResult(Status.OK, "Incus 6.0.4",
                "", Map.of("version", "6.0.4", "api_version", "1.0"))));

        List<String> lines = HealthText.lines(report, true, false);

        assertEquals(List.of("CRITICAL", "  [OK]   incus: Incus 6.0.4", "                api_version: 1.0",
                "                version: 6.0.4", "", "STATUS: HEALTHY", "All 1 checks passed"), lines);
    }

    @Test
    void theVerdictCountsWarnings() {
        HealthReport report = report(ok("a", "SYSTEM"),
                new CheckOutcome("b", "SYSTEM", HealthResult.warning("slow", "wait")),
                new CheckOutcome("c", "SYSTEM", HealthResult.warning("slow", "wait")));

        List<String> lines = HealthText.lines(report, false, false);

        assertEquals(List.of("STATUS: DEGRADED", "1 checks passed with 2 warnings"),
                lines.subList(lines.size() - 2, lines.size()));
    }

    @Test
    void colorsOnlyTheTagAndKeepsTheColumns() {
        List<String> lines = HealthText.lines(report(ok("a", "SYSTEM")), false, true);

        assertTrue(lines.get(1).startsWith("  \u001B["), lines.get(1));
        assertTrue(lines.get(1).endsWith("[OK]  \u001B[m a: a works"), lines.get(1));
    }
}
