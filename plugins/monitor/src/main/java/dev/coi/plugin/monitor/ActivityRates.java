package dev.coi.plugin.monitor;

import dev.coi.api.SessionActivity;
import dev.coi.api.ThreatLevel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The activity of one session over the last minute, from the growing counts of its looks, against the session's
 * thresholds: reading from disk (high: the container is frozen, as a hunt through the workspace would be), writing
 * to it (warning), removing from the workspace (high) and packets its network rules refused (warning: something
 * tries to reach what the session may not). A rate over its threshold is reported once, and again only
 * after it fell below it, so that a user who lets a frozen container go on is not stopped again for the same burst.
 */
final class ActivityRates {

    static final String DISK_READ = "disk-read";
    static final String DISK_WRITE = "disk-write";
    static final String MASS_DELETION = "mass-deletion";
    static final String REJECTED_CONNECTIONS = "rejected-connections";
    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final long MIB = 1024 * 1024;

    /** Per minute; 0 turns a detector off. */
    record Thresholds(long readMib, long writtenMib, long removals, long refusedPackets) {
    }

    private record Sample(long nanos, SessionActivity activity) {
    }

    private final Deque<Sample> samples = new ArrayDeque<>();
    private final Set<String> over = new HashSet<>();

    /**
     * @param nanos when the counts were read, on a monotonic clock
     * @param now the counts
     * @return what went over its threshold with this look
     */
    List<ProcessPatterns.Finding> add(long nanos, SessionActivity now, Thresholds thresholds) {
        while (!samples.isEmpty() && nanos - samples.peekFirst().nanos() > WINDOW.toNanos()) {
            samples.removeFirst();
        }
        SessionActivity since = samples.isEmpty() ? now : samples.peekFirst().activity();
        if (!samples.isEmpty() && (startedAgain(since, now, SessionActivity::diskReadBytes)
                || startedAgain(since, now, SessionActivity::diskWrittenBytes)
                || startedAgain(since, now, SessionActivity::workspaceRemovals)
                || startedAgain(since, now, SessionActivity::refusedPackets))) {
            samples.clear();
            since = now;
        }
        samples.addLast(new Sample(nanos, now));
        List<ProcessPatterns.Finding> findings = new ArrayList<>();
        check(DISK_READ, ThreatLevel.HIGH, SessionActivity::diskReadBytes, since, now, thresholds.readMib(), MIB,
                "MiB read from disk", findings);
        check(DISK_WRITE, ThreatLevel.WARNING, SessionActivity::diskWrittenBytes, since, now,
                thresholds.writtenMib(), MIB, "MiB written to disk", findings);
        check(MASS_DELETION, ThreatLevel.HIGH, SessionActivity::workspaceRemovals, since, now, thresholds.removals(),
                1, "files and folders removed from the workspace", findings);
        check(REJECTED_CONNECTIONS, ThreatLevel.WARNING, SessionActivity::refusedPackets, since, now,
                thresholds.refusedPackets(), 1, "packets refused by the network rules", findings);
        return findings;
    }

    /**
     * Whether a count begins anew: it went back (a restarted container, rules put back after a firewall reload) or
     * became known (a count that could not be read before); a new window then begins.
     */
    private static boolean startedAgain(SessionActivity since, SessionActivity now,
            ToLongFunction<SessionActivity> count) {
        long before = count.applyAsLong(since);
        long after = count.applyAsLong(now);
        return after < before || before < 0 && after >= 0;
    }

    /**
     * @param threshold in units
     * @param unit the count of one unit
     * @param what the units and what was done, as in "MiB read from disk"
     */
    private void check(String detector, ThreatLevel level, ToLongFunction<SessionActivity> count,
            SessionActivity since, SessionActivity now, long threshold, long unit, String what,
            List<ProcessPatterns.Finding> findings) {
        long before = count.applyAsLong(since);
        long amount = (count.applyAsLong(now) - before) / unit;
        if (threshold <= 0 || before < 0 || amount < threshold) {
            over.remove(detector);
        } else if (over.add(detector)) {
            findings.add(new ProcessPatterns.Finding(detector, level, amount + " " + what + " within a minute ("
                    + threshold + " is the threshold)"));
        }
    }
}
