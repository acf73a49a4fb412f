package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.cli.CoiTerminal;
import dev.coi.kernel.incus.Instance;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The attack on the network while a new container boots for the first time: the earliest code that can run in it
 * (a boot service of the image, here a probe the test runs in the container's network namespace the moment the
 * container runs) sets the address coi gave the card itself, without waiting for DHCP, and fetches a forbidden
 * host again and again. The rules must be in place before the container starts, so no fetch may be answered:
 * for a new container of {@code coi shell} and {@code coi run}, and for a stopped persistent one that
 * {@code coi container start} or {@code coi shell} starts after its rules were lost while it was stopped (a
 * firewalld reload).
 */
class FirstBootNetworkIT extends NetworkTestBase {

    private static final Duration PROBING = Duration.ofSeconds(4);
    private static final Duration POLL = Duration.ofMillis(10);

    @Test
    void theFirstBootOfANewFilteredContainerFindsItsRulesInPlace() throws InterruptedException {
        CoiTerminal shell = assertFirstBootBlocked("shell", "--image", bed.image, "--background",
                "--network=restricted");
        assertEquals(0, shell.awaitExit(NetworkSessionBed.END), shell::history);
    }

    @Test
    void theFirstBootOfACoiRunContainerFindsItsRulesInPlace() throws InterruptedException {
        assertFirstBootBlocked("run", "--image", bed.image, "--network=restricted", "--", "sleep", "2");
    }

    @Test
    void aStoppedPersistentContainerStartedByCoiContainerStartFindsItsRulesInPlace() throws InterruptedException {
        String container = bed.background("--network=restricted", "--persistent");
        CoiTerminal stop = bed.run(NetworkSessionBed.END, "container", "stop", container);
        assertEquals(0, stop.awaitExit(NetworkSessionBed.END), stop::history);
        // lost while it was stopped, as a firewalld reload loses them: the start must put them back first
        RULES.removeOwnedBy(container);

        CoiTerminal start = assertFirstBootBlocked("container", "start", container);
        assertEquals(0, start.awaitExit(NetworkSessionBed.END), start::history);
    }

    @Test
    void aStoppedPersistentContainerRestartedByCoiShellFindsItsRulesInPlace() throws InterruptedException {
        String container = bed.background("--network=restricted", "--persistent");
        CoiTerminal stop = bed.run(NetworkSessionBed.END, "container", "stop", container);
        assertEquals(0, stop.awaitExit(NetworkSessionBed.END), stop::history);
        RULES.removeOwnedBy(container);

        CoiTerminal shell = assertFirstBootBlocked("shell", "--image", bed.image, "--background",
                "--network=restricted", "--persistent", "--slot", "1");
        assertEquals(0, shell.awaitExit(NetworkSessionBed.END), shell::history);
    }

    /** Runs coi, probes from inside its container's first boot, and returns coi's terminal once it ended. */
    private CoiTerminal assertFirstBootBlocked(String... coi) throws InterruptedException {
        ForbiddenHosts.Target target = hosts.lan192();
        assertTrue(ForbiddenHosts.serves(target), () -> target + " does not serve, so a failed probe proves nothing");
        String container = bed.containerName(1);
        CoiTerminal terminal = bed.terminal().start(coi);
        Instance running = awaitFirstRun(container, terminal);
        String log = probeFromInside(running, target);
        terminal.awaitExit(NetworkSessionBed.END);
        assertFalse(log.contains("REACHED"), () -> "the first boot of " + container + " reached " + target
                + " before its rules were in place:\n" + log);
        assertTrue(log.lines().filter("blocked"::equals).count() >= 3, () -> "the probe hardly ran:\n" + log);
        return terminal;
    }

    /** Polls until the container runs with an init process, as early as the test can see it. */
    private Instance awaitFirstRun(String container, CoiTerminal terminal) throws InterruptedException {
        long deadline = System.nanoTime() + NetworkSessionBed.START.toNanos();
        while (System.nanoTime() < deadline) {
            // whether coi has ended is read before the look, so that a coi that started the container and ended
            // between two looks is not taken for one that ended before it ran
            boolean ended = terminal.exitCode().isPresent();
            Optional<Instance> instance = bed.incus.instanceWithState(container);
            if (instance.filter(Instance::isRunning).map(Instance::state).filter(state -> state.pid() > 0)
                    .isPresent()) {
                return instance.get();
            }
            if (ended) {
                throw new AssertionError("coi ended before " + container + " ran:\n" + terminal.history());
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new AssertionError(container + " did not run within " + NetworkSessionBed.START);
    }

    /**
     * In the container's network namespace: the card up with the address coi gave it and a route through the
     * host, then for a few seconds a fetch every 20 ms, each in its own process so that none waits for another;
     * prints REACHED or blocked per fetch.
     */
    private static String probeFromInside(Instance instance, ForbiddenHosts.Target target) {
        IncusBridge bridge = IncusBridge.ofDefaultProfile();
        Map<String, String> card = instance.expandedDevices().get("eth0");
        String address = card.get("ipv4.address");
        assertTrue(address != null && !address.isBlank(), () -> instance.name() + " got no static address: " + card);
        String script = """
                ip link set eth0 up; ip addr add %1$s/%2$d dev eth0 2>/dev/null; \
                ip route add default via %3$s 2>/dev/null; \
                end=$(( $(date +%%s) + %4$d )); \
                while [ $(date +%%s) -lt $end ]; do \
                (if curl -s --max-time 0.3 %5$s | grep -q %6$s; then echo REACHED; else echo blocked; fi) & \
                sleep 0.02; done; wait
                """.formatted(address, bridge.prefixLength(), bridge.gateway(), PROBING.toSeconds(), target.url(),
                target.name());
        return HostCommand.attemptAsRoot("nsenter", "-t", Long.toString(instance.state().pid()), "-n", "sh", "-c",
                script).output();
    }
}
