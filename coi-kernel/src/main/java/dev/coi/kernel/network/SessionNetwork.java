package dev.coi.kernel.network;

import dev.coi.api.CommandResult;
import dev.coi.api.HostCommands;
import dev.coi.api.NetworkBackend;
import dev.coi.api.NetworkMode;
import dev.coi.api.NetworkPolicy;
import dev.coi.api.PortException;
import dev.coi.api.Progress;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.config.NetworkSettings;
import dev.coi.kernel.incus.ContainerRuntime;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.keeper.KeeperLauncher;
import dev.coi.kernel.sessions.SessionLabels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Puts a session's network mode in place and takes it away again: checks before the container exists that the
 * mode can be enforced, gives the create request a network card whose address cannot be changed from inside,
 * scopes the rules to the container's address before the AI tool starts, records them for the network keeper,
 * and removes them with the container.
 */
public final class SessionNetwork {

    /** How long a started container may take to get its address from DHCP. */
    static final Duration ADDRESS_DEADLINE = Duration.ofSeconds(30);
    private static final Duration ADDRESS_POLL = Duration.ofMillis(100);
    private static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration HOST_TIMEOUT = Duration.ofSeconds(5);
    /** 1 when br_netfilter hands bridged IPv6 to ip6tables and nftables, as Incus' IPv6 address filter needs. */
    static final String BRIDGE_NETFILTER_IPV6 = "/proc/sys/net/bridge/bridge-nf-call-ip6tables";

    private final ContainerRuntime incus;
    private final NetworkBackends backends;
    private final NetworkRecords records;
    private final AllowlistResolver resolver;
    private final KeeperLauncher keeper;
    private final DnsFollowing dns;
    private final Progress progress;
    private final Clock clock;

    SessionNetwork(ContainerRuntime incus, NetworkBackends backends, NetworkRecords records, AllowlistResolver resolver,
            KeeperLauncher keeper, DnsFollowing dns, Progress progress, Clock clock) {
        this.incus = incus;
        this.backends = backends;
        this.records = records;
        this.resolver = resolver;
        this.keeper = keeper;
        this.dns = dns;
        this.progress = progress;
        this.clock = clock;
    }

    /**
     * The network services of one coi process.
     *
     * @param preference {@code network.backend}: {@code auto}, or the name of the backend new rules go to
     * @param coiHome {@code ~/.coi}: records under {@code network/}, the keeper's log under {@code logs/}
     */
    public static SessionNetwork of(ContainerRuntime incus, List<NetworkBackend> backends, String preference,
            HostCommands host, Path coiHome, Progress progress) {
        return new SessionNetwork(incus, new NetworkBackends(backends, preference, host),
                new NetworkRecords(folder(coiHome)),
                new AllowlistResolver(NameResolver.system(RESOLVE_TIMEOUT)),
                new KeeperLauncher(coiHome, progress), DnsFollowing.of(coiHome),
                progress, Clock.systemUTC());
    }

    /** The same network services, reporting to another progress. */
    public SessionNetwork reportingTo(Progress other) {
        return new SessionNetwork(incus, backends, records, resolver, keeper, dns, other, clock);
    }

    /** Whether coi put rules in place for the container: cheap enough to ask after every stop and delete. */
    public static boolean hasRecord(Path coiHome, String container) {
        return Files.exists(folder(coiHome).resolve(container + ".json"));
    }

    /** The keeper's duty for network rules, for the process that runs it; its messages go to {@code log}. */
    public NetworkDuty keeperDuty(Progress log) {
        return new NetworkDuty(incus, backends, records, this, log, clock);
    }

    /** The keeper's duty of running the resolver of the containers whose DNS is followed. */
    public DnsDuty dnsDuty(Progress log) {
        return new DnsDuty(backends, records, log, clock);
    }

    /**
     * What coi recorded of the container's network and whether the backend's rules match it; changes nothing.
     *
     * @throws CoiException when the container does not exist or coi has no network record of it
     */
    public NetworkView view(String container) {
        return new NetworkInspection(incus, backends, records).of(container);
    }

    /**
     * How many packets of the container its rules refused so far, for the monitor; changes nothing and never fails.
     *
     * @return the count; empty when coi filters none of its traffic, or its backend does not count or cannot be read
     */
    public OptionalLong refusedPackets(String container) {
        Optional<NetworkRecord> record = records.find(container);
        if (record.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return backends.forRecord(record.get()).refusedPackets(container, backends.host());
        } catch (CoiException | PortException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * The backend that puts the rules of a new container in the mode in place here, as {@code network.backend}
     * chooses it; asks the backends whether they work.
     *
     * @return the backend's name
     * @throws CoiException when none can, saying why and how to fix it
     */
    public String backendFor(NetworkMode mode) {
        return backends.forMode(mode).name();
    }

    private static Path folder(Path coiHome) {
        return coiHome.resolve("network");
    }

    /**
     * What {@link #prepare} found.
     *
     * @param mode the mode
     * @param devices for a container name, the devices its create request adds
     * @param rulesBeforeStart whether the container's address is chosen by coi (a managed bridge), so that its rules
     *                         can go in place after its creation and before its start, as {@link #enforce} does then
     */
    public record Preparation(NetworkMode mode, Function<String, Map<String, Map<String, String>>> devices,
            boolean rulesBeforeStart) {

        /** Whether the container is filtered, and so made with the devices and settings that needs. */
        public boolean isolated() {
            return mode != NetworkMode.OPEN;
        }
    }

    /**
     * Before anything is created: the mode can be enforced here (backend available, the card on a bridge the
     * host routes, the allowlist well-formed), or this fails with what to do.
     */
    public Preparation prepare(NetworkMode mode, NetworkSettings settings) {
        if (mode == NetworkMode.OPEN) {
            return new Preparation(mode, name -> Map.of(), false);
        }
        if (mode == NetworkMode.ALLOWLIST && settings.allowedDomains().isEmpty()) {
            throw CoiException.failure("allowlist mode needs at least one entry in network.allowed_domains"
                    + " (host names, IPv4 addresses or networks), e.g. in ~/.config/coi/config.toml:\n"
                    + "  [network]\n  allowed_domains = [\"example.com\"]");
        }
        // only allowlist mode uses the list: another mode is not refused for an entry it would never read
        List<AllowlistEntry> entries = mode != NetworkMode.ALLOWLIST ? List.of()
                : settings.allowedDomains().stream().map(AllowlistEntry::parse).toList();
        NetworkBackend backend = backends.forMode(mode);
        Optional<AllowlistEntry> wildcard = entries.stream().filter(AllowlistEntry::isWildcard).findFirst();
        if (!backend.followsDns() && wildcard.isPresent()) {
            throw CoiException.failure("network.allowed_domains entry '" + wildcard.get().text() + "' is a wildcard,"
                    + " which only a network backend that follows DNS can enforce, and " + backend.name()
                    + " does not: set network.backend = \"nftables\" (coi health says whether it works here),"
                    + " or list the host names");
        }
        SessionNic nic = withBridgeNetfilter(SessionNic.ofDefaultProfile(incus, mode.configName()));
        nic.ipv6Unfilterable().ifPresent(why -> ipv6Unfiltered(mode, nic, why));
        Set<String> given = new HashSet<>();
        return new Preparation(mode, name -> nic.deviceFor(incus, name, given), nic.managedSubnet().isPresent());
    }

    /**
     * IPv6 that coi cannot filter: an allowlist cannot hold, so it is refused; restricted mode goes on with a warning,
     * as its IPv4 rules still hold.
     */
    private void ipv6Unfiltered(NetworkMode mode, SessionNic nic, String why) {
        String fix = nic.ipv6Fix();
        if (mode == NetworkMode.ALLOWLIST) {
            throw CoiException.failure("allowlist mode cannot hold: " + why + ", so the container could reach any IPv6"
                    + " address. Fix: " + fix + "; or use --network=restricted");
        }
        progress.warn(why + ": IPv6 destinations (also private ones) are reachable; fix: " + fix);
    }

    /**
     * The card as far as the host lets Incus filter its IPv6: Incus refuses to start a container with the IPv6
     * address filter unless the host passes bridged IPv6 to its firewall. Asked only of a bridge coi would pin IPv6
     * on, so that a host without IPv6 on its bridges is asked nothing.
     */
    private SessionNic withBridgeNetfilter(SessionNic nic) {
        if (!nic.ipv6Pinnable()) {
            return nic;
        }
        CommandResult setting = backends.host().run(List.of("cat", BRIDGE_NETFILTER_IPV6), HOST_TIMEOUT);
        return setting.succeeded() && setting.stdout().strip().equals("1") ? nic : nic.withoutBridgeNetfilter();
    }

    /**
     * Before anything of the user runs in the container: the rules for its address. Before its start when coi gave
     * it its address ({@link #addressKnownBeforeStart}), so that its first boot finds them; else once it runs and
     * has its address from DHCP.
     *
     * @throws CoiException when the container gets no address in time or the firewall refuses the rules
     */
    public void enforce(String container, String sessionId, NetworkMode mode, NetworkSettings settings)
            throws InterruptedException {
        if (mode == NetworkMode.OPEN) {
            progress.info("Network: open (no filtering)");
            return;
        }
        NetworkBackend backend = backends.forMode(mode);
        Instance instance = incus.instance(container).orElseThrow(() -> CoiException.failure("container " + container
                + " disappeared before its network rules were put in place"));
        SessionNic nic = withBridgeNetfilter(SessionNic.ofInstance(incus, instance, mode.configName()));
        if (!nic.filtered()) {
            // made in open mode and resumed filtered: the card gets the filter now (Incus applies it live)
            incus.update(container, Map.of(), nic.filteredDevice());
        }
        String address = nic.staticAddress().isPresent() ? nic.staticAddress().get() : awaitAddress(container, nic);
        Optional<String> ipv6 = nic.ipv6Address();
        if (nic.ipv6() && ipv6.isEmpty()) {
            ipv6Unfiltered(mode, nic, nic.ipv6Unfilterable().orElse("bridge " + nic.bridge() + " routes IPv6, and the"
                    + " card of " + container + " has no hardware address yet, which its IPv6 address follows from"));
        }
        List<AllowlistEntry> entries = settings.allowedDomains().stream().map(AllowlistEntry::parse).toList();
        // a backend that follows DNS opens what the names resolve to when the container asks: nothing is pinned
        Optional<DnsRoute> route = mode == NetworkMode.ALLOWLIST && backend.followsDns()
                ? Optional.of(dns.route(nic.gateway(), settings)) : Optional.empty();
        AllowlistResolution allowlist = mode != NetworkMode.ALLOWLIST ? null
                : route.isPresent() ? literal(entries) : resolve(entries, Map.of());
        Optional<NetworkRecord> previous = records.find(container);
        NetworkRecord record = NetworkRecord.of(container, sessionId, mode, address, settings, allowlist,
                clock.instant(), backend.name()).withIpv6Address(ipv6).withDns(route.orElse(null));
        // recorded first: whatever happens next, the keeper and 'coi clean' know whose rules these are
        records.save(record);
        NetworkPolicy policy = NetworkPolicies.of(record, allowlist == null ? new TreeSet<>() : allowlist.cidrs());
        try {
            backend.enforce(policy, backends.host());
        } catch (PortException | IllegalArgumentException e) {
            throw CoiException.failure("could not put the " + mode.configName() + " network rules in place for "
                    + container + ": " + e.getMessage());
        }
        previous.ifPresent(earlier -> releaseElsewhere(earlier, backend));
        List<String> names = entries.stream().filter(AllowlistEntry::isName).map(AllowlistEntry::text).toList();
        progress.info("Network: " + mode.configName() + " (" + describe(policy)
                + route.filter(followed -> !names.isEmpty()).map(followed -> "; names " + String.join(", ", names)
                        + " as coi's resolver on " + followed.listen() + ":" + followed.port() + " answers them")
                        .orElse("")
                + ") for " + String.join(", ", policy.addresses()) + ", gateway " + nic.gateway());
        if (route.isPresent()) {
            // the container's first DNS query goes to the keeper's resolver
            keeper.ensureRunning("the rules stay in place, but no allowlist name resolves in the container (the keeper"
                    + " runs coi's resolver) and the rules are removed only by coi commands and 'coi clean'");
        } else {
            keeper.ensureRunningSoon("the rules stay in place, but allowlist names are not resolved again and the"
                    + " rules are removed only by coi commands and 'coi clean'");
        }
    }

    /**
     * After the rules are in place in {@code current}: those an earlier policy of the container left in another
     * backend (network.backend changed since, or {@code auto} now finds a faster one) go. A record from before
     * records named their backend may have its rules in any that works here.
     */
    private void releaseElsewhere(NetworkRecord earlier, NetworkBackend current) {
        List<NetworkBackend> others = earlier.backend() == null ? backends.available()
                : backends.installed(earlier.backend()).stream().toList();
        for (NetworkBackend other : others) {
            if (other.name().equals(current.name())) {
                continue;
            }
            try {
                other.release(earlier.container(), backends.host());
            } catch (PortException e) {
                progress.warn("could not remove the network rules " + other.name() + " still holds for "
                        + earlier.container() + " (now enforced by " + current.name() + "): " + e.getMessage()
                        + "; 'coi clean' removes them later");
            }
        }
    }

    /** Whether the container's address is known before it runs (coi gave it one), so its rules can go in first. */
    public static boolean addressKnownBeforeStart(Instance container) {
        return SessionNic.staticAddressOf(container).isPresent();
    }

    /**
     * Before a stopped session container is started by other means than a session (e.g. {@code coi container
     * start}): the rules of the mode it was made with, when its address is known, so that its boot finds them.
     *
     * @return whether nothing is left for {@link #enforceLabelled} to do once it runs
     * @throws CoiException when the rules cannot be put in place; the container must then not be started
     */
    public boolean enforceLabelledBeforeStart(String container, NetworkSettings settings) throws InterruptedException {
        Optional<Instance> instance = incus.instance(container);
        Optional<NetworkMode> mode = instance.flatMap(SessionNetwork::labelledMode);
        if (mode.isEmpty()) {
            return true;
        }
        if (instance.flatMap(SessionNic::staticAddressOf).isEmpty()) {
            return false;
        }
        try {
            enforce(container, instance.get().config().get(SessionLabels.SESSION_ID), mode.get(), settings);
        } catch (CoiException e) {
            throw CoiException.failure("did not start " + container + ": its " + mode.get().configName()
                    + " network rules could not be put in place: " + e.getMessage());
        }
        return true;
    }

    /** The filtered mode a session container was made with; empty for an open or unlabelled one. */
    private static Optional<NetworkMode> labelledMode(Instance instance) {
        String mode = instance.config().get(SessionLabels.NETWORK);
        if (mode == null || instance.config().get(SessionLabels.SESSION_ID) == null
                || mode.equals(NetworkMode.OPEN.configName())) {
            return Optional.empty();
        }
        try {
            return Optional.of(NetworkMode.valueOf(mode.toUpperCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw CoiException.failure("container " + instance.name() + " carries an unknown network mode '" + mode
                    + "' in " + SessionLabels.NETWORK + "; delete it or set the key to open, restricted or allowlist");
        }
    }

    /**
     * After a session container was started by other means than a session (e.g. {@code coi container start}):
     * the rules of the mode it was made with. A container whose rules cannot be put in place is stopped again
     * rather than left running unfiltered.
     */
    public void enforceLabelled(String container, NetworkSettings settings) throws InterruptedException {
        Optional<Instance> instance = incus.instance(container);
        String mode = instance.map(found -> found.config().get(SessionLabels.NETWORK)).orElse(null);
        String session = instance.map(found -> found.config().get(SessionLabels.SESSION_ID)).orElse(null);
        if (mode == null || session == null || mode.equals(NetworkMode.OPEN.configName())) {
            return;
        }
        try {
            enforce(container, session, NetworkMode.valueOf(mode.toUpperCase(java.util.Locale.ROOT)), settings);
        } catch (CoiException | IllegalArgumentException e) {
            incus.stop(container, Duration.ZERO, true);
            throw CoiException.failure("stopped " + container + " again: its " + mode + " network rules could not be"
                    + " put in place: " + e.getMessage());
        }
    }

    /**
     * Removes the rules of a container that stopped or is gone, and its record. Never fails the command it is
     * part of: what cannot be removed now is reported and left to the keeper and {@code coi clean}.
     */
    public void release(String container) {
        Optional<NetworkRecord> record = records.find(container);
        if (record.isEmpty()) {
            return;
        }
        try {
            backends.forRecord(record.get()).release(container, backends.host());
            records.delete(container);
        } catch (PortException | CoiException e) {
            progress.warn("could not remove the network rules of " + container + ": " + e.getMessage()
                    + "; 'coi clean' removes them later");
        }
    }

    /**
     * The containers that own rules although they are gone, or run (or, stopped, are recorded) with another address
     * than the rules are scoped to.
     */
    public List<String> orphans() {
        return orphanRules().values().stream().flatMap(List::stream).distinct().sorted().toList();
    }

    /** {@link #orphans()} by the backend that holds their rules: every backend that works here is looked at. */
    private Map<NetworkBackend, List<String>> orphanRules() {
        Map<NetworkBackend, List<String>> orphans = new LinkedHashMap<>();
        for (NetworkBackend backend : backends.available()) {
            List<String> owners = backend.owners(backends.host()).entrySet().stream()
                    .filter(owner -> !isLive(backend, owner.getKey(), owner.getValue()))
                    .map(Map.Entry::getKey)
                    .toList();
            if (!owners.isEmpty()) {
                orphans.put(backend, owners);
            }
        }
        return orphans;
    }

    /**
     * Removes the rules of {@link #orphans()}, and records whose container is gone.
     *
     * @return the containers whose rules were removed
     */
    public List<String> removeOrphans() {
        Map<NetworkBackend, List<String>> rules = orphanRules();
        rules.forEach((backend, containers) -> containers.forEach(container -> {
            backend.release(container, backends.host());
            // a record naming another backend belongs to the rules there, which are live
            if (records.find(container).map(NetworkRecord::backend).map(backend.name()::equals).orElse(true)) {
                records.delete(container);
            }
        }));
        List<String> orphans = rules.values().stream().flatMap(List::stream).distinct().sorted().toList();
        for (String container : records.containers()) {
            try {
                if (incus.instancesWithStateInAnyProject(container).isEmpty()) {
                    records.delete(container);
                }
            } catch (IncusException e) {
                // kept until Incus can say whether the container is there
            }
        }
        return orphans;
    }

    /**
     * Rules are live when their container runs with the addresses they are scoped to, whoever started it, or is
     * stopped and recorded with that address: they stay so that its next boot (a start, a reboot from inside) finds
     * them in place.
     */
    private boolean isLive(NetworkBackend backend, String container, Set<String> addresses) {
        Optional<NetworkRecord> record = records.find(container);
        if (record.map(NetworkRecord::backend).filter(name -> !name.equals(backend.name())).isPresent()) {
            // another backend holds the container's rules now: these were left behind by a switch
            return false;
        }
        List<Instance> instances;
        try {
            // the rules of the host are shared by the containers of every project, also those coi is not set to
            instances = incus.instancesWithStateInAnyProject(container);
        } catch (IncusException e) {
            // Incus can fail to read a container that is just stopping ("Invalid PID"): its rules stay until a later
            // look, rather than a running container losing its filter or this command failing for another's session
            return true;
        }
        return instances.stream().anyMatch(instance -> holds(instance, record, addresses));
    }

    /** Whether the rules scoped to these addresses are this instance's. */
    private static boolean holds(Instance instance, Optional<NetworkRecord> record, Set<String> addresses) {
        if (!instance.isRunning()) {
            return record.filter(found -> addresses.contains(found.address())).isPresent();
        }
        if (instance.state() == null) {
            return false;
        }
        Set<String> current = instance.state().network().values().stream()
                .flatMap(card -> card.addresses().stream())
                .map(dev.coi.kernel.incus.InstanceState.Address::address)
                .collect(Collectors.toSet());
        // the recorded IPv6 address is the card's own (Incus filters every other), whether or not the container
        // has configured it yet: root inside turning IPv6 off must not make 'coi clean' take the rules away
        Set<String> required = new HashSet<>(addresses);
        record.flatMap(NetworkRecord::ipv6).ifPresent(required::remove);
        return current.containsAll(required);
    }

    /** The addresses and networks of the allowlist; its names are left to coi's resolver. */
    private static AllowlistResolution literal(List<AllowlistEntry> entries) {
        return new AllowlistResolution(entries.stream().filter(entry -> !entry.isName()).map(AllowlistEntry::cidr)
                .collect(Collectors.toCollection(TreeSet::new)), Map.of(), List.of());
    }

    AllowlistResolution resolve(List<AllowlistEntry> entries, Map<String, List<String>> cached) {
        AllowlistResolution resolution = resolver.resolve(entries, cached);
        resolution.warnings().forEach(progress::warn);
        return resolution;
    }

    private String awaitAddress(String container, SessionNic nic) throws InterruptedException {
        long deadline = System.nanoTime() + ADDRESS_DEADLINE.toNanos();
        while (true) {
            Optional<String> address = incus.instanceWithState(container)
                    .flatMap(instance -> nic.address(instance.state()));
            if (address.isPresent()) {
                return address.get();
            }
            if (System.nanoTime() > deadline) {
                throw CoiException.failure("container " + container + " got no IPv4 address on " + nic.interfaceName()
                        + " within " + ADDRESS_DEADLINE.toSeconds() + " s, so its network rules cannot be scoped to"
                        + " it; check DHCP on bridge " + nic.bridge() + " (incus network info " + nic.bridge() + ")");
            }
            Thread.sleep(ADDRESS_POLL.toMillis());
        }
    }

    private static String describe(NetworkPolicy policy) {
        return policy.rules().stream()
                .map(rule -> rule.verdict().name().toLowerCase(java.util.Locale.ROOT) + " "
                        + (rule.everywhere() ? "everything else" : String.join(", ", rule.destinations())))
                .reduce((a, b) -> a + "; " + b)
                .orElse("no rules");
    }
}
