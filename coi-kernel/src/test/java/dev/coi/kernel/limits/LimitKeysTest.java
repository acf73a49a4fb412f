package dev.coi.kernel.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.config.Limits;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LimitKeysTest {

    static final Map<String, String> PROFILE_ROOT = Map.of("type", "disk", "path", "/", "pool", "default");

    static Limits unlimited() {
        return new Limits(new Limits.Cpu(Optional.empty(), Optional.empty(), 0),
                new Limits.Memory(Optional.empty(), Limits.MemoryEnforce.SOFT, "true"),
                new Limits.Disk(Optional.empty(), Optional.empty(), Optional.empty(), 0, Optional.empty()),
                new Limits.Runtime(Optional.empty(), 0, true, true));
    }

    static Limits everything() {
        return new Limits(new Limits.Cpu(Optional.of("0-1"), Optional.of("50%"), 3),
                new Limits.Memory(Optional.of("2GiB"), Limits.MemoryEnforce.HARD, "false"),
                new Limits.Disk(Optional.of("10MiB/s"), Optional.of("1000iops"), Optional.empty(), 4, Optional.empty()),
                new Limits.Runtime(Optional.of(Duration.ofMinutes(90)), 100, true, false));
    }

    @Test
    void unlimitedSetsNoKeyAndNoDevice() {
        LimitKeys keys = LimitKeys.of(unlimited());

        assertTrue(keys.isEmpty());
        assertEquals("", LimitKeys.describe(unlimited()));
    }

    @Test
    void everyLimitMapsToItsIncusKey() {
        LimitKeys keys = LimitKeys.of(everything());

        assertEquals(Map.of("limits.cpu", "0-1", "limits.cpu.allowance", "50%", "limits.cpu.priority", "3",
                "limits.memory", "2GiB", "limits.memory.enforce", "hard", "limits.memory.swap", "false",
                "limits.processes", "100", "limits.disk.priority", "4"), keys.config());
        assertEquals(Map.of("limits.read", "10MiB", "limits.write", "1000iops"), keys.root());
        assertEquals(Map.of("type", "disk", "path", "/", "pool", "default", "limits.read", "10MiB",
                "limits.write", "1000iops"), keys.rootDevice(PROFILE_ROOT));
    }

    @Test
    void aCombinedDiskRateReplacesReadAndWrite() {
        Limits limits = everything();
        Limits combined = new Limits(limits.cpu(), limits.memory(), new Limits.Disk(Optional.of("10MiB/s"),
                Optional.of("5MiB/s"), Optional.of("20MiB/s"), 0, Optional.empty()), limits.runtime());

        assertEquals(Map.of("limits.max", "20MiB"), LimitKeys.of(combined).root());
    }

    @Test
    void aSizeSwapIsPassedOnAndTheDefaultSwapIsLeftToIncus() {
        Limits limits = unlimited();
        Limits swap = new Limits(limits.cpu(), new Limits.Memory(Optional.empty(), Limits.MemoryEnforce.SOFT, "1GiB"),
                limits.disk(), limits.runtime());

        assertEquals(Map.of("limits.memory.swap", "1GiB"), LimitKeys.of(swap).config());
        assertEquals(Map.of(), LimitKeys.of(unlimited()).config());
    }

    @Test
    void aResumedContainerGetsNewLimitsAndLosesThoseNoLongerAskedFor() {
        Map<String, String> current = Map.of("limits.cpu", "4", "limits.memory", "1GiB", "limits.memory.enforce",
                "hard", "limits.processes", "50", "user.coi.session", "x");
        Limits limits = unlimited();
        Limits now = new Limits(new Limits.Cpu(Optional.of("2"), Optional.empty(), 0), new Limits.Memory(
                Optional.of("1GiB"), Limits.MemoryEnforce.HARD, "true"), limits.disk(), limits.runtime());

        assertEquals(Map.of("limits.cpu", "2", "limits.processes", ""), LimitKeys.of(now).instanceUpdate(current));
    }

    @Test
    void theRootDeviceOfAResumedContainerKeepsItsOtherKeysAndLosesOldRates() {
        Map<String, String> own = Map.of("type", "disk", "path", "/", "pool", "fast", "size", "10GiB",
                "limits.read", "1MiB/s");

        assertEquals(Optional.of(Map.of("type", "disk", "path", "/", "pool", "fast", "size", "10GiB")),
                LimitKeys.of(unlimited()).rootUpdate(Optional.of(own), PROFILE_ROOT));
        assertEquals(Optional.of(Map.of("type", "disk", "path", "/", "pool", "fast", "size", "10GiB",
                "limits.read", "10MiB", "limits.write", "1000iops")),
                LimitKeys.of(everything()).rootUpdate(Optional.of(own), PROFILE_ROOT));
    }

    @Test
    void aResumedContainerWithoutDiskLimitsKeepsTheProfilesRootAndOneAlreadyRightIsLeftAlone() {
        assertEquals(Optional.empty(), LimitKeys.of(unlimited()).rootUpdate(Optional.empty(), PROFILE_ROOT));
        LimitKeys keys = LimitKeys.of(everything());
        Map<String, String> right = keys.rootDevice(PROFILE_ROOT);

        assertEquals(Optional.empty(), keys.rootUpdate(Optional.of(right), PROFILE_ROOT));
        assertEquals(Optional.of(right), keys.rootUpdate(Optional.empty(), PROFILE_ROOT));
    }

    @Test
    void theDescriptionIsOneShortLine() {
        assertEquals("cpu 0-1, cpu time 50%, cpu priority 3, memory 2GiB (hard), swap false, disk read 10MiB/s,"
                + " disk write 1000iops, disk priority 4, processes 100, duration 1h30m",
                LimitKeys.describe(everything()));
    }
}
