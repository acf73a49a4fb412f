package dev.coi.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LimitTypesTest {

    private static final ValueContext CONTEXT = new ValueContext(Path.of("/home/u"), Path.of("/work"));

    private static <T> T text(ValueType<T> type, String value) throws InvalidValueException {
        return type.fromText(value, CONTEXT);
    }

    private static void rejects(ValueType<?> type, String value) {
        assertThrows(InvalidValueException.class, () -> type.fromText(value, CONTEXT), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "16", "0-3", "0,1,3", "0-1,4,6-7"})
    void cpuCountsRangesAndLists(String value) throws InvalidValueException {
        assertEquals(value, text(LimitTypes.cpuCount(), value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "two", "1,", "0 - 3", "3-1", "2.5", ""})
    void badCpuCounts(String value) {
        rejects(LimitTypes.cpuCount(), value);
    }

    @Test
    void aTomlIntegerIsACpuCount() throws InvalidValueException {
        assertEquals("2", LimitTypes.cpuCount().fromToml(2L, CONTEXT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"50%", "1%", "100%", "25ms/100ms", "200ms/100ms"})
    void cpuAllowances(String value) throws InvalidValueException {
        assertEquals(value, text(LimitTypes.cpuAllowance(), value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0%", "101%", "50", "25ms", "25/100", "0ms/100ms", "25ms/100"})
    void badCpuAllowances(String value) {
        rejects(LimitTypes.cpuAllowance(), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"512MiB", "2GiB", "50%", "1073741824", "1GB", "100kB"})
    void memoryLimits(String value) throws InvalidValueException {
        assertEquals(value, text(LimitTypes.memory(), value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2 gigs", "2 GiB", "2gib", "0", "0MiB", "150%", "-1GiB", "1.5GiB", "GiB"})
    void badMemoryLimits(String value) {
        rejects(LimitTypes.memory(), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "false", "1GiB"})
    void swap(String value) throws InvalidValueException {
        assertEquals(value, text(LimitTypes.swap(), value));
    }

    @Test
    void swapAcceptsTomlBooleans() throws InvalidValueException {
        assertEquals("false", LimitTypes.swap().fromToml(false, CONTEXT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "50%", "1 GiB"})
    void badSwap(String value) {
        rejects(LimitTypes.swap(), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10MiB/s", "10MiB", "1000iops", "5MB/s"})
    void diskRates(String value) throws InvalidValueException {
        assertEquals(value, text(LimitTypes.diskRate(), value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fast", "10 MiB/s", "10MiB/min", "iops", "0iops", "1000 iops"})
    void badDiskRates(String value) {
        rejects(LimitTypes.diskRate(), value);
    }

    @Test
    void durations() throws InvalidValueException {
        assertEquals(Duration.ofHours(2), text(LimitTypes.duration(), "2h"));
        assertEquals(Duration.ofMinutes(30), text(LimitTypes.duration(), "30m"));
        assertEquals(Duration.ofMinutes(90), text(LimitTypes.duration(), "1h30m"));
        assertEquals(Duration.ofSeconds(45), text(LimitTypes.duration(), "45s"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2 hours", "1d", "30", "0h", "0s", "m", "30m1h", "1.5h", "-1h"})
    void badDurations(String value) {
        rejects(LimitTypes.duration(), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "11", "high"})
    void badPriorities(String value) {
        rejects(LimitTypes.priority(), value);
    }

    @Test
    void prioritiesFromZeroToTen() throws InvalidValueException {
        assertEquals(0, text(LimitTypes.priority(), "0"));
        assertEquals(10, LimitTypes.priority().fromToml(10L, CONTEXT));
    }

    @Test
    void aTomlStringIsNotANumber() {
        assertThrows(InvalidValueException.class, () -> LimitTypes.priority().fromToml("5", CONTEXT));
    }

    @Test
    void anEmptyOptionalLimitMeansNone() throws InvalidValueException {
        assertEquals(null, ValueTypes.optional(LimitTypes.memory()).fromToml("", CONTEXT));
        assertEquals(null, ValueTypes.optional(LimitTypes.memory()).fromText("", CONTEXT));
    }
}
