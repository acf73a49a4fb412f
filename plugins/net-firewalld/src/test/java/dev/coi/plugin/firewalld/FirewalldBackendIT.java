package dev.coi.plugin.firewalld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.Availability;
import dev.coi.api.CommandResult;
import dev.coi.api.NetworkPolicy;
import dev.coi.api.NetworkRule;
import dev.coi.api.NetworkRule.Verdict;
import dev.coi.api.PortException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backend against the real firewalld of this machine. Rules are only added, never sent traffic through, for
 * addresses at the top of the test bridge's subnet that no rule and no container uses, under owner names no real
 * container has; each test removes its own rules again and checks that none is left. The test reads the rules
 * with firewall-cmd the way coi runs it (as root directly, otherwise through {@code sudo -n}), and the kernel's
 * through firewalld's passthrough to iptables, so that a normal user needs no other command as root.
 */
class FirewalldBackendIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> PRIVATE = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10",
            "169.254.0.0/16");
    private static final Pattern IPV4 = Pattern.compile("\\b\\d{1,3}(\\.\\d{1,3}){3}\\b");

    private final HostProcesses host = new HostProcesses();
    private final FirewalldBackend backend = new FirewalldBackend(new FirewallState());
    private final String run = "coi-it-fw-" + UUID.randomUUID().toString().substring(0, 8);
    private final Set<String> owners = new HashSet<>();
    private Deque<String> freeAddresses;
    private List<String> firewallCmd;

    @BeforeEach
    void firewalldRuns() {
        Availability availability = backend.availability(host);
        assertTrue(availability.available(), availability.detail() + "; " + availability.fix()
                + " (sudo ./scripts/setup-host.sh --ci starts firewalld and lets the user who runs it drive it)");
        firewallCmd = new FirewallState().access(host).command();
        freeAddresses = unusedAddresses();
    }

    @AfterEach
    void removeWhatTheTestAdded() {
        if (firewallCmd == null) {
            return; // firewalld was not usable: nothing was added
        }
        owners.forEach(owner -> backend.release(owner, host));
        String left = firewallCmd("--direct", "--get-all-rules");
        owners.forEach(owner -> assertFalse(left.contains("coi:" + owner), left));
    }

    @Test
    void policiesReplaceEachOtherInTheKernelAndReleaseRemovesThem() {
        String container = owner("a");
        String address = freeAddresses.pop();
        NetworkPolicy restricted = new NetworkPolicy(container, address, List.of(new NetworkRule(PRIVATE, Verdict.REJECT)));
        NetworkPolicy allowlist = new NetworkPolicy(container, address, List.of(
                new NetworkRule(List.of("203.0.113.7/32", "198.51.100.0/24"), Verdict.ALLOW),
                new NetworkRule(List.of(), Verdict.REJECT)));

        backend.enforce(restricted, host);
        assertEquals(List.of("ipv4 filter FORWARD 0 -s " + address + "/32 -d " + String.join(",", PRIVATE)
                + " -m comment --comment coi:" + container + " -j REJECT"), coiRules(container));
        assertEquals(PRIVATE.stream().map(network -> "-A FORWARD -s " + address + "/32 -d " + network
                + " -m comment --comment \"coi:" + container + "\" -j REJECT --reject-with icmp-port-unreachable").toList(),
                kernelRules(container));
        backend.enforce(restricted, host);
        assertEquals(1, coiRules(container).size());

        backend.enforce(allowlist, host);
        assertEquals(Set.of("ipv4 filter FORWARD 0 -s " + address + "/32 -d 203.0.113.7/32,198.51.100.0/24 -m comment --comment coi:"
                        + container + " -j ACCEPT",
                "ipv4 filter FORWARD 1 -s " + address + "/32 -m comment --comment coi:" + container + " -j REJECT"),
                Set.copyOf(coiRules(container)));
        assertEquals(List.of("-A FORWARD -s " + address + "/32 -d 203.0.113.7/32 -m comment --comment \"coi:" + container + "\" -j ACCEPT",
                "-A FORWARD -s " + address + "/32 -d 198.51.100.0/24 -m comment --comment \"coi:" + container + "\" -j ACCEPT",
                "-A FORWARD -s " + address + "/32 -m comment --comment \"coi:" + container
                        + "\" -j REJECT --reject-with icmp-port-unreachable"), kernelRules(container));

        backend.release(container, host);
        assertEquals(List.of(), coiRules(container));
        assertEquals(List.of(), kernelRules(container));
        backend.release(container, host);
    }

    /** Prints how long the calls take that a container start waits for; the rules must be there each time. */
    @Test
    void timings() {
        String address = freeAddresses.pop();
        List<NetworkRule> oneRule = List.of(new NetworkRule(PRIVATE, Verdict.REJECT));
        List<NetworkRule> twoRules = List.of(new NetworkRule(List.of("203.0.113.7/32"), Verdict.ALLOW),
                new NetworkRule(List.of(), Verdict.REJECT));
        StringBuilder report = new StringBuilder("firewalld timings in ms (load average " + loadAverage() + "): probe "
                + millis(() -> new FirewalldBackend(new FirewallState()).availability(host)) + ";");
        for (int round = 0; round < 3; round++) {
            String container = owner("t" + round);
            report.append(String.format(" [one firewall-cmd call %d,",
                    millis(() -> firewallCmd("--direct", "--get-all-rules"))));
            report.append(String.format(" enforce 1 rule %d, same again %d, replaced by 2 rules %d, release %d,",
                    millis(() -> backend.enforce(new NetworkPolicy(container, address, oneRule), host)),
                    millis(() -> backend.enforce(new NetworkPolicy(container, address, oneRule), host)),
                    millis(() -> backend.enforce(new NetworkPolicy(container, address, twoRules), host)),
                    millis(() -> backend.release(container, host))));
            report.append(String.format(" enforce 2 rules %d",
                    millis(() -> backend.enforce(new NetworkPolicy(container, address, twoRules), host))));
            assertEquals(2, coiRules(container).size());
            report.append(String.format(", release %d]", millis(() -> backend.release(container, host))));
            assertEquals(List.of(), coiRules(container));
        }
        System.out.println(report);
    }

    @Test
    void aRecycledAddressLosesItsOldRulesAndNeighboursKeepTheirs() {
        String earlier = owner("old");
        String later = owner("new");
        String neighbour = owner("other");
        String address = freeAddresses.pop();
        String neighbourAddress = freeAddresses.pop();
        List<NetworkRule> restricted = List.of(new NetworkRule(PRIVATE, Verdict.REJECT));
        backend.enforce(new NetworkPolicy(earlier, address, restricted), host);
        backend.enforce(new NetworkPolicy(neighbour, neighbourAddress, restricted), host);

        backend.enforce(new NetworkPolicy(later, address, List.of(new NetworkRule(List.of(), Verdict.REJECT))), host);

        assertEquals(List.of(), coiRules(earlier));
        assertEquals(1, coiRules(later).size());
        assertEquals(1, coiRules(neighbour).size());
        assertEquals(Set.of(address), backend.owners(host).get(later));
        assertEquals(Set.of(neighbourAddress), backend.owners(host).get(neighbour));
    }

    @Test
    void aRuleFirewalldRefusesLeavesTheEarlierPolicyAsItWas() {
        String container = owner("refused");
        String address = freeAddresses.pop();
        backend.enforce(new NetworkPolicy(container, address, List.of(new NetworkRule(PRIVATE, Verdict.REJECT))), host);
        List<String> before = coiRules(container);

        PortException refused = assertThrows(PortException.class, () -> backend.enforce(new NetworkPolicy(container, address,
                List.of(new NetworkRule(List.of("203.0.113.7/32"), Verdict.ALLOW),
                        new NetworkRule(List.of("10.0.0.300/8"), Verdict.REJECT))), host));

        assertTrue(refused.getMessage().contains("10.0.0.300"), refused.getMessage());
        assertEquals(before, coiRules(container));
    }

    private String owner(String role) {
        String name = run + "-" + role;
        owners.add(name);
        return name;
    }

    private static long millis(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException unknown) {
            return "unknown";
        }
    }

    private List<String> coiRules(String container) {
        return firewallCmd("--direct", "--get-all-rules").lines()
                .filter(line -> line.contains("--comment coi:" + container + " ")).toList();
    }

    private List<String> kernelRules(String container) {
        return firewallCmd("--direct", "--passthrough", "ipv4", "-S", "FORWARD").lines()
                .filter(line -> line.contains("\"coi:" + container + "\"")).toList();
    }

    /** Addresses near the top of the test bridge's subnet that neither a direct rule nor a container holds. */
    private Deque<String> unusedAddresses() {
        Set<String> taken = new HashSet<>(addressesIn(firewallCmd("--direct", "--get-all-rules")));
        CommandResult containers = host.run(List.of("incus", "list", "--format", "csv", "--columns", "4"), TIMEOUT);
        if (containers.succeeded()) {
            taken.addAll(addressesIn(containers.stdout()));
        }
        List<String> free = IntStream.rangeClosed(240, 249).mapToObj(last -> "10.123.45." + last)
                .filter(address -> !taken.contains(address)).toList();
        assertTrue(free.size() >= 3, "too few unused test addresses in 10.123.45.240-249, taken: " + taken);
        return new ArrayDeque<>(free);
    }

    private static List<String> addressesIn(String text) {
        List<String> addresses = new ArrayList<>();
        Matcher matcher = IPV4.matcher(text);
        while (matcher.find()) {
            addresses.add(matcher.group());
        }
        return addresses;
    }

    private String firewallCmd(String... args) {
        List<String> argv = new ArrayList<>(firewallCmd);
        argv.addAll(List.of(args));
        return output(argv);
    }

    private String output(List<String> argv) {
        CommandResult result = host.run(argv, TIMEOUT);
        assertEquals(0, result.exitCode(), argv + ": " + result.stderr());
        return result.stdout();
    }
}
