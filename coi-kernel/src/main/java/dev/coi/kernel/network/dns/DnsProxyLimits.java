package dev.coi.kernel.network.dns;

/**
 * What one hostile client (root in its container) can take of the proxy.
 *
 * @param queriesInFlight queries being answered at once, all clients together; more are dropped
 * @param queriesPerSource queries of one source address being answered at once; more are dropped
 * @param connections open TCP connections, all clients together; more are closed at once
 * @param connectionsPerSource open TCP connections of one source address; more are closed at once
 * @param addressesPerAnswer distinct addresses one answer may open; an answer with more is refused
 */
public record DnsProxyLimits(int queriesInFlight, int queriesPerSource, int connections, int connectionsPerSource,
        int addressesPerAnswer) {

    public static final DnsProxyLimits DEFAULT = new DnsProxyLimits(128, 16, 64, 8, 32);
}
