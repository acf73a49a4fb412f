package dev.coi.kernel.network;

import dev.coi.api.Progress;
import dev.coi.kernel.keeper.KeeperDuty;
import dev.coi.kernel.network.dns.ClientPolicy;
import dev.coi.kernel.network.dns.DnsProxy;
import dev.coi.kernel.network.dns.DnsProxySettings;
import dev.coi.kernel.network.dns.DomainPatterns;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keeper's resolver for the allowlist containers whose DNS is followed ({@link DnsRoute}): one
 * {@link DnsProxy} per address and port the records name, answering each container for the names of its own
 * allowlist and opening the answers in the backend that holds its rules. Started and stopped as records come and
 * go; a container recorded after the last look is found at its first query.
 */
public final class DnsDuty implements KeeperDuty {

    /** How often a query from an unknown source may make the records be read again. */
    private static final Duration RELOAD_AT_MOST_EVERY = Duration.ofMillis(250);

    private final NetworkBackends backends;
    private final NetworkRecords records;
    private final Progress log;
    private final Clock clock;
    private final Map<DnsRoute, DnsProxy> proxies = new HashMap<>();
    private final Set<DnsRoute> failed = new HashSet<>();
    private volatile Map<InetAddress, Client> clients = Map.of();
    private volatile Instant loadedAt = Instant.MIN;

    DnsDuty(NetworkBackends backends, NetworkRecords records, Progress log, Clock clock) {
        this.backends = backends;
        this.records = records;
        this.log = log;
        this.clock = clock;
    }

    @Override
    public boolean hasWork() {
        return !followed().isEmpty();
    }

    @Override
    public void tick() {
        List<NetworkRecord> followed = followed();
        clients = byAddress(followed);
        loadedAt = clock.instant();
        Set<DnsRoute> wanted = new HashSet<>();
        followed.forEach(record -> wanted.add(record.dnsRoute().orElseThrow()));
        proxies.keySet().removeIf(route -> {
            if (wanted.contains(route)) {
                return false;
            }
            proxies.get(route).close();
            log.info(clock.instant() + " resolver on " + route.listen() + ":" + route.port() + " stopped");
            return true;
        });
        failed.retainAll(wanted);
        for (DnsRoute route : wanted) {
            if (!proxies.containsKey(route)) {
                start(route);
            }
        }
    }

    @Override
    public void abandoned() {
        proxies.values().forEach(DnsProxy::close);
        proxies.clear();
    }

    private void start(DnsRoute route) {
        try {
            DnsProxySettings settings = DnsProxySettings.of(new InetSocketAddress(route.listen(), route.port()),
                    route.upstreams().stream().map(DnsServers::socketAddress).toList());
            proxies.put(route, DnsProxy.start(settings, this::client, this::admit, new PublicAddresses()));
            failed.remove(route);
            log.info(clock.instant() + " resolver on " + route.listen() + ":" + route.port() + " asks "
                    + route.upstreams());
        } catch (IOException | RuntimeException e) {
            // said once, tried again every tick: the address may appear with its bridge, the port be freed
            if (failed.add(route)) {
                log.warn(clock.instant() + " cannot serve DNS on " + route.listen() + ":" + route.port() + " ("
                        + e.getMessage() + "): the allowlist names of the containers behind it do not resolve");
            }
        }
    }

    private Optional<ClientPolicy> client(InetAddress source) {
        Client client = clients.get(source);
        if (client == null && clock.instant().isAfter(loadedAt.plus(RELOAD_AT_MOST_EVERY))) {
            clients = byAddress(followed());
            loadedAt = clock.instant();
            client = clients.get(source);
        }
        return Optional.ofNullable(client).map(Client::policy);
    }

    private void admit(String container, String name, List<InetAddress> addresses, Duration lifetime) {
        NetworkRecord record = clients.values().stream().map(Client::record)
                .filter(found -> found.container().equals(container))
                .findFirst().orElseThrow(() -> new IllegalStateException("no record of " + container));
        backends.forRecord(record).admit(container, addresses.stream().map(InetAddress::getHostAddress).toList(),
                lifetime, backends.host());
    }

    private List<NetworkRecord> followed() {
        return records.containers().stream().map(records::find).flatMap(Optional::stream)
                .filter(record -> record.dnsRoute().isPresent()).toList();
    }

    /** Each container's names are parsed once per look at the records, not at every query. */
    private static Map<InetAddress, Client> byAddress(List<NetworkRecord> followed) {
        Map<InetAddress, Client> byAddress = new HashMap<>();
        for (NetworkRecord record : followed) {
            Client client;
            try {
                client = new Client(record, new ClientPolicy(record.container(), DomainPatterns.parse(
                        record.entries().stream().filter(AllowlistEntry::isName).map(AllowlistEntry::text).toList())));
            } catch (RuntimeException e) {
                // a record whose names do not parse (not one coi wrote) answers nothing, the others still do
                continue;
            }
            for (String address : record.addresses()) {
                try {
                    byAddress.put(InetAddress.getByName(address), client);
                } catch (UnknownHostException e) {
                    // a recorded address is a literal; one that is not matches no source
                }
            }
        }
        return Map.copyOf(byAddress);
    }

    /** A container whose DNS is followed: its record, and what its queries may ask for. */
    private record Client(NetworkRecord record, ClientPolicy policy) {
    }
}
