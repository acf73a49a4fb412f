package dev.coi.kernel.config;

import java.time.Duration;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The value formats of the {@code [limits]} tables (Incus's own formats, checked before Incus sees them). */
final class LimitTypes {

    private static final String SIZE = "[1-9]\\d*(?:B|kB|MB|GB|TB|PB|EB|KiB|MiB|GiB|TiB|PiB|EiB)?";
    private static final String PERCENT = "(?:100|[1-9]\\d?)%";
    private static final String TIME_SLICE = "[1-9]\\d*ms/[1-9]\\d*ms";
    private static final Pattern CPU_SET = Pattern.compile("\\d+(?:-\\d+)?(?:,\\d+(?:-\\d+)?)*");
    private static final Pattern CPU_RANGE = Pattern.compile("(\\d+)-(\\d+)");

    private static final String UNIT_LIST = "units B, kB, MB, GB, TB, KiB, MiB, GiB, TiB";

    private LimitTypes() {
    }

    static ValueType<Integer> priority() {
        return ValueTypes.integer(0, 10, "a whole number from 0 to 10");
    }

    /** A count of CPUs, or which CPUs to pin to. TOML integers are accepted too: {@code count = 2}. */
    static ValueType<String> cpuCount() {
        String expected = "a number of CPUs like \"2\", a range like \"0-3\" or a list like \"0,1,3\"";
        ValueType<String> text = ValueTypes.textual(expected, (value, context) -> {
            if (!CPU_SET.matcher(value).matches()) {
                throw InvalidValueException.of(value, expected);
            }
            if (value.matches("0+")) {
                throw InvalidValueException.of(value, expected, "a count must be at least 1");
            }
            for (String part : value.split(",")) {
                Matcher range = CPU_RANGE.matcher(part);
                if (range.matches() && Long.parseLong(range.group(1)) > Long.parseLong(range.group(2))) {
                    throw InvalidValueException.of(value, expected, "the range " + part + " runs backwards");
                }
            }
            return value;
        }, Function.identity());
        return ValueTypes.alsoFromToml(text, raw -> raw instanceof Long number ? String.valueOf(number) : raw);
    }

    static ValueType<String> cpuAllowance() {
        return ValueTypes.matching("a percentage like \"50%\" or a time slice like \"25ms/100ms\"",
                PERCENT + "|" + TIME_SLICE);
    }

    static ValueType<String> memory() {
        return ValueTypes.matching("a size like \"512MiB\" or \"2GiB\" (" + UNIT_LIST + "), or a percentage of the "
                + "host's memory like \"50%\"", SIZE + "|" + PERCENT);
    }

    static ValueType<String> size() {
        return ValueTypes.matching("a size like \"512MiB\" or \"2GiB\" (" + UNIT_LIST + ")", SIZE);
    }

    /** {@code true}, {@code false} or a size; kept as the text Incus takes for {@code limits.memory.swap}. */
    static ValueType<String> swap() {
        ValueType<String> text = ValueTypes.matching("true, false or a size like \"1GiB\"", "true|false|" + SIZE);
        return ValueTypes.alsoFromToml(text, raw -> raw instanceof Boolean flag ? String.valueOf(flag) : raw);
    }

    static ValueType<String> diskRate() {
        return ValueTypes.matching("a rate like \"10MiB/s\" or \"1000iops\"", SIZE + "(?:/s)?|[1-9]\\d*iops");
    }

    static ValueType<Duration> duration() {
        String expected = "a duration like \"2h\", \"30m\" or \"1h30m\" (units h, m, s)";
        return ValueTypes.textual(expected,
                (value, context) -> Durations.parse(value)
                        .orElseThrow(() -> InvalidValueException.of(value, expected)),
                Durations::format);
    }
}
