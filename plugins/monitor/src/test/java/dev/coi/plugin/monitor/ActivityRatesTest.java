package dev.coi.plugin.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coi.api.SessionActivity;
import dev.coi.api.ThreatLevel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rates over the last minute from growing counts, each reported once per time over its threshold. */
class ActivityRatesTest {

    private static final long MIB = 1024 * 1024;
    private static final long SECOND = 1_000_000_000L;
    private static final ActivityRates.Thresholds THRESHOLDS = new ActivityRates.Thresholds(100, 200, 50, 10);

    @Test
    void aBurstOverAThresholdWithinAMinuteIsReportedOnceUntilItFallsBelow() {
        ActivityRates rates = new ActivityRates();
        assertEquals(List.of(), detectors(rates.add(0, activity(500 * MIB, 0, 0), THRESHOLDS)),
                "what the container did before the first look is not a rate");
        assertEquals(List.of(), detectors(rates.add(2 * SECOND, activity(560 * MIB, 0, 10), THRESHOLDS)));

        List<ProcessPatterns.Finding> burst = rates.add(4 * SECOND, activity(620 * MIB, 250 * MIB, 60), THRESHOLDS);
        assertEquals(List.of(ActivityRates.DISK_READ, ActivityRates.DISK_WRITE, ActivityRates.MASS_DELETION),
                detectors(burst));
        assertEquals(List.of(ThreatLevel.HIGH, ThreatLevel.WARNING, ThreatLevel.HIGH),
                burst.stream().map(ProcessPatterns.Finding::level).toList());
        assertEquals("120 MiB read from disk within a minute (100 is the threshold)", burst.get(0).message());
        assertEquals(List.of(), detectors(rates.add(6 * SECOND, activity(700 * MIB, 250 * MIB, 70), THRESHOLDS)),
                "still the same burst");

        assertEquals(List.of(), detectors(rates.add(70 * SECOND, activity(700 * MIB, 250 * MIB, 70), THRESHOLDS)),
                "a minute later nothing more happened");
        assertEquals(List.of(ActivityRates.DISK_READ),
                detectors(rates.add(72 * SECOND, activity(900 * MIB, 250 * MIB, 70), THRESHOLDS)));
    }

    @Test
    void packetsTheRulesRefusedAreAWarning() {
        ActivityRates rates = new ActivityRates();
        rates.add(0, new SessionActivity(0, 0, 0, 3), THRESHOLDS);
        assertEquals(List.of(), detectors(rates.add(10 * SECOND, new SessionActivity(0, 0, 0, 12), THRESHOLDS)));
        List<ProcessPatterns.Finding> refused = rates.add(20 * SECOND, new SessionActivity(0, 0, 0, 15), THRESHOLDS);
        assertEquals(List.of(ActivityRates.REJECTED_CONNECTIONS), detectors(refused));
        assertEquals(ThreatLevel.WARNING, refused.get(0).level());
        assertEquals("12 packets refused by the network rules within a minute (10 is the threshold)",
                refused.get(0).message());

        ActivityRates unknownFirst = new ActivityRates();
        unknownFirst.add(0, new SessionActivity(0, 0, 0, -1), THRESHOLDS);
        unknownFirst.add(2 * SECOND, new SessionActivity(0, 0, 0, 500), THRESHOLDS);
        assertEquals(List.of(), detectors(unknownFirst.add(4 * SECOND, new SessionActivity(0, 0, 0, 505),
                THRESHOLDS)), "a count that became known begins its window then");
        assertEquals(List.of(ActivityRates.REJECTED_CONNECTIONS), detectors(unknownFirst.add(6 * SECOND,
                new SessionActivity(0, 0, 0, 511), THRESHOLDS)));
    }

    @Test
    void countsOlderThanAMinuteDoNotAddUp() {
        ActivityRates rates = new ActivityRates();
        for (int second = 0; second <= 300; second += 2) {
            assertEquals(List.of(), detectors(rates.add(second * SECOND, activity(second * MIB, 0, second / 4),
                    THRESHOLDS)), "60 MiB and 15 removals a minute at " + second + " s");
        }
    }

    @Test
    void countsThatStartAgainOrAreUnknownRaiseNothingAndZeroTurnsADetectorOff() {
        ActivityRates rates = new ActivityRates();
        rates.add(0, activity(900 * MIB, 0, 0), THRESHOLDS);
        assertEquals(List.of(), detectors(rates.add(2 * SECOND, activity(10 * MIB, 0, 0), THRESHOLDS)),
                "a restarted container counts from 0");
        assertEquals(List.of(), detectors(rates.add(4 * SECOND, new SessionActivity(-1, -1, -1, -1), THRESHOLDS)));

        ActivityRates off = new ActivityRates();
        ActivityRates.Thresholds none = new ActivityRates.Thresholds(0, 0, 0, 0);
        off.add(0, activity(0, 0, 0), none);
        assertEquals(List.of(), detectors(off.add(2 * SECOND, activity(9000 * MIB, 9000 * MIB, 9000), none)));
    }

    private static SessionActivity activity(long read, long written, long removals) {
        return new SessionActivity(read, written, removals, 0);
    }

    private static List<String> detectors(List<ProcessPatterns.Finding> findings) {
        return findings.stream().map(ProcessPatterns.Finding::detector).toList();
    }
}
