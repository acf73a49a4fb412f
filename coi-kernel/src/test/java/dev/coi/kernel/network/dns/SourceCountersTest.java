package dev.coi.kernel.network.dns;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class SourceCountersTest {

    private final InetAddress one = InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1});
    private final InetAddress two = InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 2});

    SourceCountersTest() throws Exception {
    }

    @Test
    void eachSourceHoldsAtMostTheBoundAndGetsBackWhatItReleases() {
        SourceCounters counters = new SourceCounters(2);

        assertTrue(counters.tryAcquire(one));
        assertTrue(counters.tryAcquire(one));
        assertFalse(counters.tryAcquire(one));
        assertTrue(counters.tryAcquire(two));
        counters.release(one);
        assertTrue(counters.tryAcquire(one));
        assertFalse(counters.tryAcquire(one));
    }

    @Test
    void aSourceThatReleasedEverythingStartsAfresh() {
        SourceCounters counters = new SourceCounters(1);

        assertTrue(counters.tryAcquire(one));
        counters.release(one);
        counters.release(one);
        assertTrue(counters.tryAcquire(one));
        assertFalse(counters.tryAcquire(one));
    }
}
