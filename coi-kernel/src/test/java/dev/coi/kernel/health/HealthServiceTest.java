package dev.coi.kernel.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthCheckProvider;
import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.SocketLocation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthServiceTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T03:00:00Z"), ZoneOffset.ofHours(1));

    @TempDir
    Path root;

    private static HealthReport run(HealthCheck... checks) {
        NoHost host = new NoHost(Map.of());
        return new HealthService(List.of(provider("kernel", checks)), host, host, CLOCK).run();
    }

    private static HealthCheckProvider provider(String name, HealthCheck... checks) {
        return new HealthCheckProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<HealthCheck> healthChecks() {
                return List.of(checks);
            }
        };
    }

    private static HealthCheck throwing(RuntimeException problem) {
        return new HealthCheck() {
            @Override
            public String name() {
                return "crashing";
            }

            @Override
            public String category() {
                return "OTHER";
            }

            @Override
            public HealthResult run(HostCommands host, HostProbe probe) {
                throw problem;
            }
        };
    }

    @Test
    void runsTheChecksOfEveryProviderInTheProvidersOrder() {
        NoHost host = new NoHost(Map.of());
        HealthReport report = new HealthService(List.of(provider("kernel", FixedCheck.ok("a"), FixedCheck.ok("b")),
                provider("empty"), provider("plugin", FixedCheck.warning("c"))), host, host, CLOCK).run();

        assertEquals(List.of("a", "b", "c"), report.checks().stream().map(CheckOutcome::name).toList());
        assertEquals(Status.WARNING, report.checks().get(2).result().status());
    }

    @Test
    void runsEveryCheckInOrderAndStampsTheReport() {
        HealthReport report = run(FixedCheck.ok("a"), FixedCheck.warning("b"), FixedCheck.ok("c"));

        assertEquals(List.of("a", "b", "c"), report.checks().stream().map(CheckOutcome::name).toList());
        assertEquals("b is slow", report.checks().get(1).result().message());
        assertEquals(OffsetDateTime.parse("2026-11-27T04:00:00+01:00"), report.timestamp());
    }

    @Test
    void aCheckThatThrowsFailsAloneAndTheOthersStillRun() {
        HealthReport report = run(throwing(new IllegalStateException("disk on fire")), FixedCheck.ok("after"));

        HealthResult crashed = report.checks().getFirst().result();
        assertEquals(Status.FAILED, crashed.status());
        assertEquals("the check could not run: disk on fire", crashed.message());
        assertTrue(crashed.fix().contains("coi health --format json"), crashed.fix());
        assertEquals(Status.OK, report.checks().get(1).result().status());
    }

    @Test
    void aCheckThatFindsIncusUnreachableIsNotCheckedAndPointsAtTheIncusCheck() {
        IncusClient nowhere = new IncusClient(SocketLocation.of(root.resolve("no.sock")), Duration.ofSeconds(1),
                Duration.ofSeconds(1));
        HealthReport report = run(new StoragePoolCheck(nowhere));

        HealthResult result = report.checks().getFirst().result();
        assertEquals(Status.WARNING, result.status());
        assertEquals("not checked: Incus cannot be reached", result.message());
        assertEquals("see the incus check", result.fix());
    }

    @Test
    void theIncusCheckItselfFailsWithTheWayToStartIncus() {
        SocketLocation socket = SocketLocation.of(root.resolve("no.sock"));
        HealthReport report = run(new IncusCheck(new IncusClient(socket, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                socket));

        HealthResult result = report.checks().getFirst().result();
        assertEquals(Status.FAILED, result.status());
        assertEquals("Incus cannot be reached at " + socket.socket() + " (the caller)", result.message());
        assertTrue(result.fix().contains("Install Incus and start it"), result.fix());
        assertEquals(OverallStatus.UNHEALTHY, report.status());
    }

    @Test
    void twoChecksOfTheSameNameKeepBothUnderDistinctNames() {
        HealthReport report = run(FixedCheck.ok("firewall"), FixedCheck.warning("firewall"), FixedCheck.ok("firewall"));

        assertEquals(List.of("firewall", "firewall_2", "firewall_3"),
                report.checks().stream().map(CheckOutcome::name).toList());
    }

    @Test
    void aCheckThatHangsFailsAfterTheDeadlineAndTheOthersStillRun() {
        CountDownLatch never = new CountDownLatch(1);
        NoHost host = new NoHost(Map.of());
        HealthCheck stuck = new HealthCheck() {
            @Override
            public String name() {
                return "stuck";
            }

            @Override
            public String category() {
                return "OTHER";
            }

            @Override
            public HealthResult run(HostCommands commands, HostProbe probe) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return HealthResult.ok("woke up");
            }
        };
        long start = System.nanoTime();

        HealthReport report = new HealthService(List.of(provider("kernel", stuck, FixedCheck.ok("after"))), host, host,
                CLOCK, Duration.ofSeconds(1)).run();

        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0,
                "the report did not wait for the stuck check");
        HealthResult result = report.checks().getFirst().result();
        assertEquals(Status.FAILED, result.status());
        assertEquals("the check did not finish within 1 s", result.message());
        assertEquals(Status.OK, report.checks().get(1).result().status());
    }
}
