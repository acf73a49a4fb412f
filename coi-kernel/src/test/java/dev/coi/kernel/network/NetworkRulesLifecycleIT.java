package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.cli.CoiTerminal;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A filtered container's rules live exactly as long as the container: there while the session runs, gone when
 * it ends by a poweroff (in front of coi, or in the background where the network keeper sees it), by
 * {@code coi kill}, and, after coi was killed with SIGKILL and the container deleted behind its back, by
 * {@code coi clean}.
 */
class NetworkRulesLifecycleIT extends NetworkTestBase {

    private static final Pattern READY = Pattern.compile("stub-claude ready session=([0-9a-zA-Z-]+)");
    private static final Duration ANSWER = Duration.ofSeconds(30);
    /** The keeper looks every few seconds. */
    private static final Duration KEEPER = Duration.ofSeconds(30);

    @Test
    void rulesGoWhenTheSessionEndsByPoweroff() {
        CoiTerminal terminal = bed.terminal().start("shell", "--image", bed.image, "--network=restricted");
        terminal.awaitMatch(READY, NetworkSessionBed.START);
        String container = bed.containerName(1);
        assertRulesScopedTo(container, bed.awaitAddress(container));

        terminal.type("/exit");
        terminal.awaitScreen("stub-claude: bye", ANSWER);
        terminal.type("sudo poweroff");

        assertEquals(0, terminal.awaitExit(NetworkSessionBed.END), terminal::history);
        bed.awaitGone(container, NetworkSessionBed.END);
        assertNoRules(container, "outlived the session");
    }

    @Test
    void rulesOfABackgroundSessionGoWhenItPowersOffFromInside() {
        String container = bed.background("--network=restricted");
        assertRulesScopedTo(container, bed.awaitAddress(container));
        assertFalse(Keepers.of(bed.home).isEmpty(), "a background session's rules need the network keeper");

        HostCommand.attempt("incus", "exec", container, "--", "poweroff");

        Waiting.until(KEEPER, () -> RULES.ownedBy(container).isEmpty(),
                () -> container + " is " + bed.incus.instance(container).map(i -> i.status()).orElse("gone")
                        + " and still owns " + RULES.ownedBy(container));
    }

    @Test
    void rulesGoWithCoiKill() {
        String container = bed.background("--network=restricted");
        assertRulesScopedTo(container, bed.awaitAddress(container));

        CoiTerminal kill = bed.run(NetworkSessionBed.END, "kill", "--force", container);

        assertEquals(0, kill.awaitExit(NetworkSessionBed.END), kill::history);
        assertTrue(bed.incus.instance(container).isEmpty(), kill::history);
        assertNoRules(container, "outlived coi kill");
    }

    @Test
    void rulesLeftByAKilledCoiGoWithCoiClean() {
        CoiTerminal terminal = bed.terminal().start("shell", "--image", bed.image, "--network=restricted");
        terminal.awaitMatch(READY, NetworkSessionBed.START);
        String container = bed.containerName(1);
        List<String> rules = assertRulesScopedTo(container, bed.awaitAddress(container));

        // nothing of coi is left to clean up: not the shell, not the keeper
        terminal.signal("KILL");
        terminal.awaitExit(NetworkSessionBed.END);
        Keepers.of(bed.home).forEach(ProcessHandle::destroyForcibly);
        Waiting.until(Duration.ofSeconds(10), () -> Keepers.of(bed.home).isEmpty(), () -> "the keeper still runs");
        HostCommand.run("incus", "delete", "--force", container);
        assertEquals(rules, RULES.ownedBy(container), "the stale rules wait for coi clean");

        CoiTerminal clean = bed.run(NetworkSessionBed.END, "clean", "--force");

        assertEquals(0, clean.awaitExit(NetworkSessionBed.END), clean::history);
        assertNoRules(container, "outlived coi clean");
    }

    @Test
    void aContainerOnTheAddressOfAGoneOneInheritsNoRules() {
        String old = bed.background("--network=restricted");
        String address = bed.awaitAddress(old);
        assertRulesScopedTo(old, address);
        Keepers.of(bed.home).forEach(ProcessHandle::destroyForcibly);
        Waiting.until(Duration.ofSeconds(10), () -> Keepers.of(bed.home).isEmpty(), () -> "the keeper still runs");
        HostCommand.run("incus", "delete", "--force", old);

        // a container made without coi, pinned to the old address: the stale rules hit it until coi clean
        String successor = PREFIX + "successor";
        HostCommand.run("incus", "launch", bed.image, successor, "--device", "eth0,ipv4.address=" + address);
        assertEquals(address, bed.awaitAddress(successor));
        ContainerProbe probe = bed.probe(successor);
        assertFalse(probe.fetch(hosts.lan192().url()).answered(hosts.lan192().name()),
                "the old container's rules are meant to be still in place here");

        CoiTerminal clean = bed.run(NetworkSessionBed.END, "clean", "--force");

        assertEquals(0, clean.awaitExit(NetworkSessionBed.END), clean::history);
        assertNoRules(old, "outlived coi clean although their container is gone and another has the address");
        assertReaches(probe, hosts.lan192());
    }
}
