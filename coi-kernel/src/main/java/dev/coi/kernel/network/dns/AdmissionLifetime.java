package dev.coi.kernel.network.dns;

import java.time.Duration;

/**
 * How long answered addresses stay open: their TTL, at least {@code floor} (a TTL of 0 must still let the
 * connection that asked be made) and at most {@code ceiling} (an upstream's TTL of weeks must not open an address for
 * weeks), plus {@code grace} for the connections a client opens just before its cache expires. The answer goes back
 * with its TTLs as they came: a client that keeps an address beyond the ceiling finds it closed and must ask again.
 */
public record AdmissionLifetime(Duration floor, Duration ceiling, Duration grace) {

    public static final AdmissionLifetime DEFAULT = new AdmissionLifetime(Duration.ofSeconds(5),
            Duration.ofDays(1), Duration.ofSeconds(60));

    Duration forTtl(long ttlSeconds) {
        Duration ttl = Duration.ofSeconds(ttlSeconds);
        Duration bounded = ttl.compareTo(floor) < 0 ? floor : ttl.compareTo(ceiling) > 0 ? ceiling : ttl;
        return bounded.plus(grace);
    }
}
