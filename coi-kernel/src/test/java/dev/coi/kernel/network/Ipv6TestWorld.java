package dev.coi.kernel.network;

import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.SocketLocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A dual-stack world of the IPv6 test's own, beside the machine's bridge and default profile, which other tests use
 * at the same time: a managed bridge ({@value #BRIDGE}) with an IPv4 /24 and an IPv6 unique-local /64, both without
 * NAT; a guard table in nftables ({@code inet }{@value #GUARD_TABLE}) that drops everything forwarded from that bridge
 * to any interface but the test's own, in place before anything else; an Incus project ({@value #PROJECT}) whose
 * default profile puts eth0 on that bridge; and two hosts in network namespaces, routed through the host
 * (IPv4 only for traffic that comes in from the bridge, by a policy rule; IPv6 by /128 routes of the main table, as
 * firewalld's reverse path filter needs), each serving its name over HTTP on both families:
 * <ul>
 *   <li>{@link #ula()}: {@code fd99:<random>::2} and {@code 192.168.<random>.2}, which restricted mode rejects;</li>
 *   <li>{@link #publicHost()}: {@code 2001:db8:<random>::2} and {@code ::3}, and {@code 203.0.113.<random>}, all
 *   documentation ranges, which restricted mode lets through.</li>
 * </ul>
 * Every name has a fixed prefix, so that {@link #start()} first removes what a killed run left, and {@link #close()}
 * removes everything, also after a failure half-way.
 */
final class Ipv6TestWorld implements AutoCloseable {

    static final String BRIDGE = "coi6tbr0";
    static final String PROJECT = "coi6t-project";
    static final String GUARD_TABLE = "coi6t_guard";
    static final int PORT = 8000;
    private static final String COUNT_TABLE = "coi6t_count";

    /** The routing table of the hosts' IPv4 routes, and the priority of the rule that sends the bridge's traffic there. */
    private static final int TABLE = 30617;
    private static final String FORWARDING = "net.ipv6.conf.all.forwarding";
    private static final Duration SERVER_START = Duration.ofSeconds(15);
    private static final List<String> NAMESPACES = List.of("coi6t-ula", "coi6t-public");
    private static final List<String> VETHS = List.of("coi6tv0", "coi6tv1");

    /**
     * One host: its name (what it answers) and its addresses.
     *
     * @param name what its server answers
     * @param namespace its network namespace
     * @param ipv4 its IPv4 address
     * @param ipv6 its IPv6 addresses, the first the one to fetch
     */
    record Host(String name, String namespace, String ipv4, List<String> ipv6) {

        static String url(String address) {
            return "http://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + PORT + "/";
        }

        String url6() {
            return url(ipv6.getFirst());
        }

        String url4() {
            return url(ipv4);
        }

        /**
         * Counts, inside the host's namespace, every packet that arrives from each source (an nftables counter
         * before anything else), so that a one-way leak shows although no answer ever gets back.
         */
        void countPacketsFrom(List<String> sources) {
            StringBuilder commands = new StringBuilder("add table inet " + COUNT_TABLE + "; add chain inet "
                    + COUNT_TABLE + " seen { type filter hook prerouting priority -300; }");
            for (String source : sources) {
                commands.append("; add rule inet " + COUNT_TABLE + " seen ip6 saddr " + Ipv6.canonical(source)
                        + " counter");
            }
            HostCommand.runAsRoot("ip", "netns", "exec", namespace, "nft", commands.toString());
        }

        /** The packets counted from the source since {@link #countPacketsFrom(List)}. */
        long packetsFrom(String source) {
            String rule = "ip6 saddr " + Ipv6.canonical(source) + " counter packets ";
            return HostCommand.runAsRoot("ip", "netns", "exec", namespace, "nft", "list", "chain", "inet",
                    COUNT_TABLE, "seen").lines().map(String::strip).filter(line -> line.startsWith(rule))
                    .map(line -> Long.parseLong(line.substring(rule.length()).split(" ")[0])).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no counter for " + source + " in " + namespace));
        }

        /** Whether its server answers its name at this address, asked from inside its own namespace. */
        boolean serves(String address) {
            HostCommand.Result answer = HostCommand.attemptAsRoot("ip", "netns", "exec", namespace, "curl", "-g",
                    "-s", "--max-time", "2", url(address));
            return answer.succeeded() && answer.output().strip().equals(name);
        }
    }

    private final String ipv4Subnet;
    private final String ipv6Prefix;
    private final String forwardingBefore;
    private final List<Process> servers = new ArrayList<>();
    private final Path site;
    private Host ula;
    private Host publicHost;

    private Ipv6TestWorld(String ipv4Subnet, String ipv6Prefix, String forwardingBefore, Path site) {
        this.ipv4Subnet = ipv4Subnet;
        this.ipv6Prefix = ipv6Prefix;
        this.forwardingBefore = forwardingBefore;
        this.site = site;
    }

    /** Removes what a killed run left, then makes the world; on a failure half-way removes it again. */
    static Ipv6TestWorld start() {
        AsRoot.requireAllowed();
        sweep();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String ipv4Subnet = freeIpv4Subnet();
        HexFormat hex = HexFormat.of();
        String ipv6Prefix = "fd" + hex.toHexDigits((byte) random.nextInt()) + ":" + hex.toHexDigits((short) random.nextInt())
                + ":" + hex.toHexDigits((short) random.nextInt()) + ":" + hex.toHexDigits((short) random.nextInt());
        Ipv6TestWorld world;
        try {
            world = new Ipv6TestWorld(ipv4Subnet, ipv6Prefix, sysctl(FORWARDING),
                    Files.createTempDirectory("coi6t-site-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            world.build(random);
            return world;
        } catch (RuntimeException | AssertionError e) {
            try {
                world.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** The Incus client of the test's project. */
    IncusClient incus() {
        return new IncusClient(SocketLocator.ofSystem().locate(null), IncusClient.DEFAULT_REQUEST_TIMEOUT,
                IncusClient.DEFAULT_OPERATION_TIMEOUT, PROJECT);
    }

    Host ula() {
        return ula;
    }

    Host publicHost() {
        return publicHost;
    }

    /** An address of the bridge's IPv6 network that no container is given: what a hostile root may add. */
    String spareIpv6Address() {
        return Ipv6.canonical(ipv6Prefix + "::bad");
    }

    /**
     * An address outside the bridge's network, of the public host's /48: what a hostile root may send from when
     * one-way packets are enough (the hosts route nothing back to it).
     */
    String foreignIpv6Address() {
        return Ipv6.canonical(publicHost.ipv6().getFirst().replaceAll("::2$", "::99"));
    }

    /** The host's IPv6 address on the bridge, the containers' router. */
    String ipv6Gateway() {
        return Ipv6.canonical(ipv6Prefix + "::1");
    }

    /** Whether the address lies in the bridge's IPv6 /64. */
    boolean onBridge(String ipv6Address) {
        byte[] network = Ipv6.network(Ipv6.parse(ipv6Prefix + "::"), 64);
        return java.util.Arrays.equals(network, Ipv6.network(Ipv6.parse(ipv6Address), 64));
    }

    private void build(ThreadLocalRandom random) {
        guard();
        HostCommand.run("incus", "network", "create", BRIDGE, "ipv4.address=" + ipv4Subnet.replace(".0/24", ".1/24"),
                "ipv4.nat=false", "ipv6.address=" + ipv6Prefix + "::1/64", "ipv6.nat=false",
                "ipv6.dhcp.stateful=false");
        if (HostCommand.attemptAsRoot("firewall-cmd", "--state").succeeded()) {
            // as on the machine's own bridge: firewalld's default zone would drop DHCP and router solicitations
            HostCommand.runAsRoot("firewall-cmd", "--zone=trusted", "--change-interface=" + BRIDGE);
        }
        String pool = HostCommand.run("incus", "profile", "device", "get", "default", "root", "pool").strip();
        HostCommand.run("incus", "project", "create", PROJECT, "-c", "features.images=false", "-c",
                "features.profiles=true");
        HostCommand.run("incus", "profile", "device", "add", "default", "root", "disk", "path=/", "pool=" + pool,
                "--project", PROJECT);
        HostCommand.run("incus", "profile", "device", "add", "default", "eth0", "nic", "network=" + BRIDGE,
                "name=eth0", "--project", PROJECT);
        if (!"1".equals(sysctl(FORWARDING))) {
            HostCommand.runAsRoot("sysctl", "-q", "-w", FORWARDING + "=1");
        }
        int octet = 10 + random.nextInt(200);
        String group = HexFormat.of().toHexDigits((short) random.nextInt());
        ula = makeHost(0, new Host("coi6t-ula-" + group, NAMESPACES.get(0), "192.168." + octet + ".2",
                List.of("fd99:" + group + "::2")));
        publicHost = makeHost(1, new Host("coi6t-public-" + group, NAMESPACES.get(1), "203.0.113." + octet,
                List.of("2001:db8:" + group + "::2", "2001:db8:" + group + "::3")));
        HostCommand.runAsRoot("ip", "rule", "add", "iif", BRIDGE, "lookup", String.valueOf(TABLE), "priority",
                String.valueOf(TABLE));
        awaitServing(ula);
        awaitServing(publicHost);
    }

    /**
     * Nothing the containers or the hosts send is forwarded to any interface but the bridge and the test's hosts'
     * veths.
     */
    private static void guard() {
        String ours = "{ \"" + BRIDGE + "\", \"" + String.join("\", \"", VETHS) + "\" }";
        HostCommand.runAsRoot("nft", "add table inet " + GUARD_TABLE + "; add chain inet " + GUARD_TABLE
                + " guard { type filter hook forward priority -10; policy accept; }; add rule inet " + GUARD_TABLE
                + " guard iifname \"" + BRIDGE + "\" oifname != " + ours + " drop; add rule inet " + GUARD_TABLE
                + " guard iifname " + ours + " oifname != " + ours + " drop");
    }

    private Host makeHost(int index, Host host) {
        String namespace = host.namespace();
        String veth = VETHS.get(index);
        HostCommand.runAsRoot("ip", "netns", "add", namespace);
        HostCommand.runAsRoot("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", namespace);
        HostCommand.runAsRoot("ip", "-n", namespace, "addr", "add", host.ipv4() + "/32", "dev", "eth0");
        for (String address : host.ipv6()) {
            HostCommand.runAsRoot("ip", "-n", namespace, "addr", "add", address + "/128", "dev", "eth0", "nodad");
        }
        HostCommand.runAsRoot("ip", "-n", namespace, "addr", "add", "fe80::2/64", "dev", "eth0", "nodad");
        HostCommand.runAsRoot("ip", "-n", namespace, "link", "set", "lo", "up");
        HostCommand.runAsRoot("ip", "-n", namespace, "link", "set", "eth0", "up");
        HostCommand.runAsRoot("ip", "-n", namespace, "route", "add", ipv4Subnet, "dev", "eth0");
        HostCommand.runAsRoot("ip", "-n", namespace, "-6", "route", "add", ipv6Prefix + "::/64", "via", "fe80::1",
                "dev", "eth0");
        // the namespace asks for the containers' IPv4 addresses on its veth: the host answers for them
        HostCommand.runAsRoot("sysctl", "-q", "-w", "net.ipv4.conf." + veth + ".proxy_arp=1");
        HostCommand.runAsRoot("sysctl", "-q", "-w", "net.ipv4.conf." + veth + ".rp_filter=2");
        HostCommand.runAsRoot("ip", "addr", "add", "fe80::1/64", "dev", veth, "nodad");
        HostCommand.runAsRoot("ip", "link", "set", veth, "up");
        HostCommand.runAsRoot("ip", "route", "add", host.ipv4() + "/32", "dev", veth, "table", String.valueOf(TABLE));
        // in the main table: firewalld's IPv6 reverse path filter drops an answer whose source that table does not
        // route back through the veth it came in on (the address is the test's own, nothing else uses it)
        for (String address : host.ipv6()) {
            HostCommand.runAsRoot("ip", "-6", "route", "add", address + "/128", "via", "fe80::2", "dev", veth);
        }
        servers.add(serve(host));
        return host;
    }

    private Process serve(Host host) {
        try {
            Path folder = Files.createDirectories(site.resolve(host.namespace()));
            Files.writeString(folder.resolve("index.html"), host.name() + "\n");
            // bound to :: the server answers on both families
            return new ProcessBuilder(AsRoot.command("ip", "netns", "exec", host.namespace(), ForbiddenHosts.python(), "-m",
                    "http.server", "--bind", "::", String.valueOf(PORT), "--directory", folder.toString()))
                    .redirectErrorStream(true).redirectOutput(site.resolve(host.namespace() + ".log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the HTTP server of " + host, e);
        }
    }

    private void awaitServing(Host host) {
        List<String> addresses = new ArrayList<>(host.ipv6());
        addresses.add(host.ipv4());
        Waiting.until(SERVER_START, () -> addresses.stream().allMatch(host::serves),
                () -> "the HTTP server of " + host + " does not answer within " + SERVER_START);
    }

    private static String freeIpv4Subnet() {
        String routes = HostCommand.run("ip", "-4", "route", "show", "table", "all");
        for (int attempt = 0; attempt < 50; attempt++) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String subnet = "10." + (100 + random.nextInt(150)) + "." + random.nextInt(250) + ".0/24";
            if (!routes.contains(subnet.substring(0, subnet.lastIndexOf('.') + 1))) {
                return subnet;
            }
        }
        throw new IllegalStateException("no free 10.x.y.0/24 for the test bridge");
    }

    private static String sysctl(String key) {
        return HostCommand.run("sysctl", "-n", key).strip();
    }

    /** Stops the servers and removes everything; IPv6 forwarding goes back to what it was. */
    @Override
    public void close() {
        ForbiddenHosts.stop(servers);
        sweep();
        deleteSite();
        if (!forwardingBefore.equals(sysctl(FORWARDING))) {
            HostCommand.runAsRoot("sysctl", "-q", "-w", FORWARDING + "=" + forwardingBefore);
        }
    }

    private void deleteSite() {
        try (java.util.stream.Stream<Path> files = Files.walk(site)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            System.err.println("Ipv6TestWorld: could not delete " + site + ": " + e.getMessage());
        }
    }

    /**
     * Removes every piece of this world that exists, in the order that lets each go: the project's containers, the
     * project, the bridge, the hosts and their routes, and last the guard. Pieces that do not exist are skipped.
     */
    private static void sweep() {
        if (HostCommand.attempt("incus", "project", "show", PROJECT).succeeded()) {
            HostCommand.Result listed = HostCommand.attempt("incus", "list", "--project", PROJECT, "-c", "n",
                    "--format", "csv");
            List<String> names = listed.succeeded() ? listed.output().lines().map(String::strip)
                    .filter(line -> !line.isEmpty()).toList() : List.of();
            for (String name : names) {
                HostCommand.attempt("incus", "delete", "--force", "--project", PROJECT, name);
            }
            report(HostCommand.attempt("incus", "project", "delete", PROJECT));
        }
        if (HostCommand.attempt("incus", "network", "show", BRIDGE).succeeded()) {
            HostCommand.attemptAsRoot("firewall-cmd", "--zone=trusted", "--remove-interface=" + BRIDGE);
            report(HostCommand.attempt("incus", "network", "delete", BRIDGE));
        }
        for (String family : List.of("-4", "-6")) {
            for (int rule = 0; rule < 10
                    && HostCommand.attemptAsRoot("ip", family, "rule", "del", "priority", String.valueOf(TABLE))
                            .succeeded(); rule++) {
                // one more left by an earlier run
            }
            HostCommand.attemptAsRoot("ip", family, "route", "flush", "table", String.valueOf(TABLE));
        }
        for (String namespace : NAMESPACES) {
            List<String> pids = HostCommand.attemptAsRoot("ip", "netns", "pids", namespace).output().lines()
                    .map(String::strip).filter(pid -> pid.matches("\\d+")).toList();
            if (!pids.isEmpty()) {
                List<String> kill = new ArrayList<>(List.of("ip", "netns", "exec", namespace, "kill", "-KILL"));
                kill.addAll(pids);
                HostCommand.attemptAsRoot(kill.toArray(String[]::new));
            }
            HostCommand.attemptAsRoot("ip", "netns", "delete", namespace);
        }
        for (String veth : VETHS) {
            HostCommand.attemptAsRoot("ip", "link", "delete", veth);
        }
        HostCommand.attemptAsRoot("nft", "delete", "table", "inet", GUARD_TABLE);
    }

    private static void report(HostCommand.Result result) {
        if (!result.succeeded()) {
            System.err.println("Ipv6TestWorld: " + String.join(" ", result.command()) + " failed: " + result.output());
        }
    }
}
