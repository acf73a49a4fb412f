package dev.coi.kernel.network;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/** Resolves host names to their IPv4 and IPv6 addresses on the host, as the allowlist needs. */
@FunctionalInterface
interface NameResolver {

    /**
     * @return the addresses of the name, IPv4 ones first, IPv6 ones in canonical form; never empty
     * @throws UnknownHostException when it has none or resolving failed or took too long
     */
    List<String> addresses(String name) throws UnknownHostException;

    /** The JDK's resolver (the host's, or a hosts file given with {@code -Djdk.net.hosts.file}), bounded in time. */
    static NameResolver system(Duration timeout) {
        return name -> {
            // a lookup that hangs is left behind on its own thread instead of being waited for
            CompletableFuture<InetAddress[]> lookup = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    lookup.complete(InetAddress.getAllByName(name));
                } catch (UnknownHostException | RuntimeException e) {
                    lookup.completeExceptionally(e);
                }
            });
            try {
                InetAddress[] found = lookup.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                // a link-local address is no destination the host forwards to
                List<String> addresses = Stream.concat(
                        Stream.of(found).filter(Inet4Address.class::isInstance).map(InetAddress::getHostAddress),
                        Stream.of(found).filter(Inet6Address.class::isInstance)
                                .filter(address -> !address.isLinkLocalAddress())
                                .map(address -> Ipv6.format(address.getAddress())))
                        .distinct()
                        .toList();
                if (addresses.isEmpty()) {
                    throw new UnknownHostException(name + " has no address");
                }
                return addresses;
            } catch (TimeoutException e) {
                throw new UnknownHostException(name + " did not resolve within " + timeout.toSeconds() + " s");
            } catch (ExecutionException e) {
                throw new UnknownHostException(name + ": " + e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnknownHostException(name + ": interrupted");
            }
        };
    }
}
