package dev.coi.kernel.network.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides on one query: refuses strangers and names not allowed, forwards the rest, and opens the answered
 * addresses before the answer goes back. It never throws: whatever goes wrong ends in a reply or in silence.
 *
 * <p>Only the A and AAAA records of the answer section are opened; addresses elsewhere in the message (glue in the
 * additional section) go back as they came and stay closed. An answer with an address the {@link AddressGuard}
 * refuses is refused whole, even when it also has addresses the guard accepts: relaying only the accepted records
 * would mean rewriting the upstream's message (its answer section, and every compression pointer behind it), more
 * code on the path of every answer, and an answer that mixes public and private addresses is what DNS rebinding
 * sends, not what a service worth following sends. An answer with more addresses than the bound is refused for the
 * same reason: the proxy never hands out an address it has not opened.
 */
final class QueryHandler {

    private final Clients clients;
    private final Admission admission;
    private final AddressGuard guard;
    private final Upstream upstream;
    private final AdmissionLifetime lifetime;
    private final int addressesPerAnswer;

    QueryHandler(Clients clients, Admission admission, AddressGuard guard, Upstream upstream,
            AdmissionLifetime lifetime, int addressesPerAnswer) {
        this.clients = clients;
        this.admission = admission;
        this.guard = guard;
        this.upstream = upstream;
        this.lifetime = lifetime;
        this.addressesPerAnswer = addressesPerAnswer;
    }

    /**
     * @param overTcp whether the client asked over TCP, where a truncated answer is asked again over TCP
     * @return the reply, or empty to send none
     */
    Optional<byte[]> answer(InetAddress source, byte[] data, int length, boolean overTcp) {
        DnsQuery query;
        try {
            query = DnsQuery.parse(data, length);
        } catch (DnsFormatException e) {
            return DnsReplies.formErr(data, length);
        }
        try {
            return Optional.of(decide(source, query, overTcp));
        } catch (RuntimeException e) {
            return Optional.of(DnsReplies.reply(query, DnsReplies.SERVFAIL, new ExtendedError(ExtendedError.OTHER,
                    "coi: the DNS proxy failed on this query")));
        }
    }

    private byte[] decide(InetAddress source, DnsQuery query, boolean overTcp) {
        Optional<ClientPolicy> client = clients.forSource(source);
        if (client.isEmpty()) {
            return refused(query, "coi: this DNS server answers only coi's filtered containers");
        }
        if (query.header().opcode() != 0) {
            return DnsReplies.reply(query, DnsReplies.NOTIMP, new ExtendedError(ExtendedError.OTHER,
                    "coi: only standard queries are answered"));
        }
        String name = query.question().name();
        if (!query.question().isHostName() || !client.get().allowed().allows(name)) {
            return refused(query, "coi: " + name + " is not in network.allowed_domains");
        }
        Optional<Upstream.Response> response = upstream.ask(query, overTcp);
        if (response.isEmpty()) {
            return DnsReplies.reply(query, DnsReplies.SERVFAIL, new ExtendedError(
                    ExtendedError.NO_REACHABLE_AUTHORITY, "coi: no upstream DNS server answered"));
        }
        return admitted(client.get().container(), name, query, response.get());
    }

    private byte[] admitted(String container, String name, DnsQuery query, Upstream.Response response) {
        Set<InetAddress> addresses = new LinkedHashSet<>();
        long ttl = 0;
        for (DnsAnswer.AddressRecord record : response.answer().addresses()) {
            if (!guard.admits(record.address())) {
                return refused(query, "coi: " + name + " resolved to " + record.address().getHostAddress()
                        + ", a private, local or metadata address that coi does not open");
            }
            addresses.add(record.address());
            // one lifetime for them all, the longest: the client may keep any of them that long
            ttl = Math.max(ttl, record.ttl());
        }
        if (addresses.size() > addressesPerAnswer) {
            return refused(query, "coi: " + name + " resolved to " + addresses.size() + " addresses, more than the "
                    + addressesPerAnswer + " coi opens for one answer");
        }
        if (!addresses.isEmpty() && !admit(container, name, new ArrayList<>(addresses), lifetime.forTtl(ttl))) {
            return DnsReplies.reply(query, DnsReplies.SERVFAIL, new ExtendedError(ExtendedError.OTHER,
                    "coi: could not open the addresses of " + name + " in the firewall"));
        }
        return response.wire();
    }

    private boolean admit(String container, String name, List<InetAddress> addresses, Duration duration) {
        try {
            admission.admit(container, name, addresses, duration);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static byte[] refused(DnsQuery query, String text) {
        return DnsReplies.reply(query, DnsReplies.REFUSED, ExtendedError.prohibited(text));
    }
}
