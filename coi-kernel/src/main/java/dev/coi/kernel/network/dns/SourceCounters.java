package dev.coi.kernel.network.dns;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/** How many of something (queries, connections) each source address holds, up to a bound. */
final class SourceCounters {

    private final ConcurrentHashMap<InetAddress, Integer> counts = new ConcurrentHashMap<>();
    private final int bound;

    SourceCounters(int bound) {
        this.bound = bound;
    }

    /** @return whether the source got one more; if so, {@link #release} gives it back */
    boolean tryAcquire(InetAddress source) {
        boolean[] granted = new boolean[1];
        counts.compute(source, (key, count) -> {
            int held = count == null ? 0 : count;
            granted[0] = held < bound;
            return granted[0] ? held + 1 : count;
        });
        return granted[0];
    }

    /** The entry goes when its count is back to zero, so the map holds only sources with something in hand. */
    void release(InetAddress source) {
        counts.computeIfPresent(source, (key, count) -> count == 1 ? null : count - 1);
    }
}
