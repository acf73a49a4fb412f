package dev.coi.kernel.network.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * How a {@link DnsProxy} runs.
 *
 * @param listen the address and port it serves on, UDP and TCP (port 0: any free port, the same for both)
 * @param upstreams the servers it forwards to, asked in this order: the next when one does not answer in time
 * @param upstreamTimeout how long one upstream server has to answer
 * @param idleTimeout how long a TCP connection may wait for its next query, or for the rest of one
 */
public record DnsProxySettings(InetSocketAddress listen, List<InetSocketAddress> upstreams, Duration upstreamTimeout,
        Duration idleTimeout, AdmissionLifetime lifetime, DnsProxyLimits limits) {

    public DnsProxySettings {
        upstreams = List.copyOf(upstreams);
        if (upstreams.isEmpty()) {
            throw new IllegalArgumentException("a DNS proxy needs at least one upstream server");
        }
    }

    public static DnsProxySettings of(InetSocketAddress listen, List<InetSocketAddress> upstreams) {
        return new DnsProxySettings(listen, upstreams, Duration.ofSeconds(2), Duration.ofSeconds(10),
                AdmissionLifetime.DEFAULT, DnsProxyLimits.DEFAULT);
    }

    public DnsProxySettings withUpstreamTimeout(Duration timeout) {
        return new DnsProxySettings(listen, upstreams, timeout, idleTimeout, lifetime, limits);
    }

    public DnsProxySettings withLifetime(AdmissionLifetime newLifetime) {
        return new DnsProxySettings(listen, upstreams, upstreamTimeout, idleTimeout, newLifetime, limits);
    }

    public DnsProxySettings withLimits(DnsProxyLimits newLimits) {
        return new DnsProxySettings(listen, upstreams, upstreamTimeout, idleTimeout, lifetime, newLimits);
    }
}
