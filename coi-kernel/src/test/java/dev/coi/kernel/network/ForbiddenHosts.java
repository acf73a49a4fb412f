package dev.coi.kernel.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Hosts that a sandboxed container must not reach (a 192.168.x.x and a 172.16.x.x machine on a local network,
 * the cloud metadata service 169.254.169.254) and three "public" hosts for allowlists (TEST-NET addresses), all
 * made on this machine: each is a network namespace with a veth pair to the host and a tiny HTTP server that
 * answers its own name.
 *
 * <p>Only traffic that comes in from the Incus bridge is routed to them (a policy rule {@code iif <bridge>} with a
 * routing table of this run), so the host's own traffic, and e.g. a real metadata service, is never diverted; each
 * namespace routes back to the bridge's subnet through its veth, the host end answering ARP for it (proxy ARP).
 * Nothing is routed towards any real address.
 *
 * <p>Names are unique per run ({@code coi-fh-<run>-<n>} namespaces, {@code cfh<run><n>} veths, a free table and
 * rule priority); everything is written to a {@link ForbiddenHostsLedger} before it is made, removed on
 * {@link #close()} even after a failure half-way, and a new run first removes what a crashed run left. The pieces
 * are made, and the servers run, with root's rights ({@link AsRoot}).
 */
public final class ForbiddenHosts implements AutoCloseable {

    /** The prefix of the namespaces of every run. */
    static final String NETNS_PREFIX = "coi-fh-";

    /** The port each host's server listens on, inside its own namespace. */
    static final int PORT = 8000;

    private static final Duration SERVER_START = Duration.ofSeconds(15);
    private static final int FIRST_TABLE = 20000;
    private static final int TABLES = 10000;

    /**
     * One host: its name (what its server answers), its address and the URL to fetch.
     *
     * @param name what the server answers, unique per run
     * @param address its IPv4 address
     * @param namespace the network namespace it lives in
     */
    public record Target(String name, String address, String namespace) {

        /**
         * @return {@code http://<address>:<port>/}
         */
        public String url() {
            return "http://" + address + ":" + PORT + "/";
        }
    }

    private final String runId;
    private final IncusBridge bridge;
    private final ForbiddenHostsLedger ledger;
    private final Path root;
    private final List<Process> servers = new ArrayList<>();
    private final List<Target> targets = new ArrayList<>();
    private int table;

    private ForbiddenHosts(String runId, IncusBridge bridge, ForbiddenHostsLedger ledger, Path root) {
        this.runId = runId;
        this.bridge = bridge;
        this.ledger = ledger;
        this.root = root;
    }

    /**
     * Removes what crashed runs left, then makes the hosts and waits until each answers.
     *
     * @return the running hosts; close them
     */
    public static ForbiddenHosts start() {
        AsRoot.requireAllowed();
        ForbiddenHostsLedger.sweepLeftovers();
        IncusBridge bridge = IncusBridge.ofDefaultProfile();
        ensureForwarding();
        String runId = HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        ForbiddenHostsLedger ledger = ForbiddenHostsLedger.open(runId);
        ForbiddenHosts hosts;
        try {
            Path root = Files.createTempDirectory("coi-forbidden-hosts-");
            ledger.record("dir", root.toString());
            hosts = new ForbiddenHosts(runId, bridge, ledger, root);
        } catch (IOException e) {
            ledger.undoAll();
            throw new UncheckedIOException(e);
        }
        try {
            hosts.build();
            return hosts;
        } catch (RuntimeException e) {
            try {
                hosts.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** @return the host on a 192.168.x.x local network */
    public Target lan192() {
        return targets.get(0);
    }

    /** @return the host on a 172.16.x.x local network */
    public Target lan172() {
        return targets.get(1);
    }

    /** @return the cloud metadata service, 169.254.169.254 */
    public Target metadata() {
        return targets.get(2);
    }

    /** @return a public-looking host (TEST-NET-3) */
    public Target publicA() {
        return targets.get(3);
    }

    /** @return a second public-looking host (TEST-NET-2) */
    public Target publicB() {
        return targets.get(4);
    }

    /** @return a third public-looking host, next to {@link #publicA()} (same /24) */
    public Target publicC() {
        return targets.get(5);
    }

    /** @return the three hosts that restricted mode must not reach */
    public List<Target> forbidden() {
        return List.of(lan192(), lan172(), metadata());
    }

    /** @return every host of this run */
    public List<Target> all() {
        return List.copyOf(targets);
    }

    /**
     * Whether the host's server answers its name, asked from inside its own namespace: a probe from a container
     * that fails proves a block only while this holds.
     *
     * @param target the host
     * @return true if it serves
     */
    public static boolean serves(Target target) {
        HostCommand.Result answer = HostCommand.attemptAsRoot("ip", "netns", "exec", target.namespace(), python(), "-c",
                "import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=2).read().decode())",
                target.url());
        return answer.succeeded() && answer.output().strip().equals(target.name());
    }

    private void build() {
        table = freeTable();
        int octet = 10 + ThreadLocalRandom.current().nextInt(200);
        List<String> addresses = List.of("192.168." + octet + ".2", "172.16." + octet + ".2", "169.254.169.254",
                "203.0.113." + octet, "198.51.100." + octet, "203.0.113." + (octet + 1));
        List<String> labels = List.of("lan192", "lan172", "metadata", "public-a", "public-b", "public-c");
        Set<String> hostAddresses = hostAddresses();
        for (String address : addresses) {
            if (hostAddresses.contains(address)) {
                throw new IllegalStateException("the test address " + address + " is one of this host's own: the"
                        + " forbidden hosts need addresses that are not");
            }
        }
        ledger.record("table", String.valueOf(table));
        for (int i = 0; i < addresses.size(); i++) {
            targets.add(makeHost(i, labels.get(i), addresses.get(i)));
        }
        ledger.record("rule", String.valueOf(table));
        HostCommand.runAsRoot("ip", "rule", "add", "iif", bridge.name(), "lookup", String.valueOf(table), "priority",
                String.valueOf(table));
        awaitServing();
    }

    private Target makeHost(int index, String label, String address) {
        String namespace = NETNS_PREFIX + runId + "-" + index;
        String hostEnd = "cfh" + runId + index;
        String name = "coi-fh-" + runId + "-" + label;
        ledger.record("netns", namespace);
        HostCommand.runAsRoot("ip", "netns", "add", namespace);
        ledger.record("link", hostEnd);
        HostCommand.runAsRoot("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", "eth0", "netns", namespace);
        HostCommand.runAsRoot("ip", "-n", namespace, "addr", "add", address + "/32", "dev", "eth0");
        HostCommand.runAsRoot("ip", "-n", namespace, "link", "set", "lo", "up");
        HostCommand.runAsRoot("ip", "-n", namespace, "link", "set", "eth0", "up");
        HostCommand.runAsRoot("ip", "-n", namespace, "route", "add", bridge.subnet(), "dev", "eth0");
        // the namespace asks for the containers' addresses on its veth: the host answers for them
        writeSysctl("net/ipv4/conf/" + hostEnd + "/proxy_arp", "1");
        // replies come in on the veth from an address the main table routes elsewhere: no strict source check
        writeSysctl("net/ipv4/conf/" + hostEnd + "/rp_filter", "0".equals(readSysctl("net/ipv4/conf/all/rp_filter")) ? "0" : "2");
        HostCommand.runAsRoot("ip", "link", "set", hostEnd, "up");
        HostCommand.runAsRoot("ip", "route", "add", address + "/32", "dev", hostEnd, "table", String.valueOf(table));
        servers.add(serve(namespace, name, address));
        return new Target(name, address, namespace);
    }

    private Process serve(String namespace, String name, String address) {
        try {
            Path site = Files.createDirectories(root.resolve(namespace));
            Files.writeString(site.resolve("index.html"), name + "\n");
            return new ProcessBuilder(AsRoot.command("ip", "netns", "exec", namespace, python(), "-m", "http.server",
                    "--bind", address, String.valueOf(PORT), "--directory", site.toString()))
                    .redirectErrorStream(true).redirectOutput(root.resolve(namespace + ".log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the HTTP server of " + name, e);
        }
    }

    private void awaitServing() {
        long deadline = System.nanoTime() + SERVER_START.toNanos();
        for (int i = 0; i < targets.size(); i++) {
            Target target = targets.get(i);
            while (!serves(target)) {
                if (!servers.get(i).isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the HTTP server of " + target + " does not answer"
                            + (servers.get(i).isAlive() ? " within " + SERVER_START : " (it ended)") + ": "
                            + log(target));
                }
                pause();
            }
        }
    }

    private String log(Target target) {
        try {
            return Files.readString(root.resolve(target.namespace() + ".log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** A routing table number that no rule and no route uses; its rule gets the same number as priority. */
    private static int freeTable() {
        Set<String> priorities = HostCommand.run("ip", "rule", "show").lines()
                .map(line -> line.substring(0, Math.max(0, line.indexOf(':')))).collect(Collectors.toSet());
        for (int attempt = 0; attempt < 50; attempt++) {
            int candidate = FIRST_TABLE + ThreadLocalRandom.current().nextInt(TABLES);
            if (!priorities.contains(String.valueOf(candidate))
                    && ForbiddenHostsLedger.tableIsEmpty(String.valueOf(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free routing table between " + FIRST_TABLE + " and "
                + (FIRST_TABLE + TABLES));
    }

    private static Set<String> hostAddresses() {
        return HostCommand.run("ip", "-4", "-o", "addr", "show").lines().map(line -> line.split("\\s+"))
                .filter(words -> words.length > 3).map(words -> words[3].split("/")[0]).collect(Collectors.toSet());
    }

    /** Forwarding is what carries a container's packets from the bridge to the hosts; Incus needs it on too. */
    private static void ensureForwarding() {
        if (!"1".equals(readSysctl("net/ipv4/ip_forward"))) {
            System.err.println("ForbiddenHosts: turning on net.ipv4.ip_forward (the host forwards between the"
                    + " Incus bridge and the test's network namespaces)");
            writeSysctl("net/ipv4/ip_forward", "1");
        }
    }

    private static String readSysctl(String key) {
        try {
            return Files.readString(Path.of("/proc/sys", key)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read /proc/sys/" + key, e);
        }
    }

    private static void writeSysctl(String key, String value) {
        HostCommand.runAsRoot("sysctl", "-q", "-w", key + "=" + value);
    }

    static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the forbidden hosts", e);
        }
    }

    /** Stops the servers and removes every namespace, veth, route, rule and file of this run. */
    @Override
    public void close() {
        stop(servers);
        ledger.undoAll();
    }

    /** Stops test servers started through {@link AsRoot}, each within 5 s. */
    static void stop(List<Process> servers) {
        for (Process server : servers) {
            // not a SIGKILL: that would end only sudo, which passes a SIGTERM on to the server it runs as root
            server.destroy();
            try {
                if (!server.waitFor(5, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
