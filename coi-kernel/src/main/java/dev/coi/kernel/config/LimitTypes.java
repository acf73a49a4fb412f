package dev.coi.kernel.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The value formats of the {@code [limits]} tables (Incus's own formats, checked before Incus sees them). */
final class LimitTypes {

    private static final String UNITS = "(?:B|kB|MB|GB|TB|PB|EB|KiB|MiB|GiB|TiB|PiB|EiB)?";
    private static final Pattern SIZE = Pattern.compile("[1-9]\\d*" + UNITS);
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})%");
    private static final Pattern TIME_SLICE = Pattern.compile("([1-9]\\d*)ms/([1-9]\\d*)ms");
    private static final Pattern CPU_SET = Pattern.compile("\\d+(?:-\\d+)?(?:,\\d+(?:-\\d+)?)*");
    private static final Pattern CPU_RANGE = Pattern.compile("(\\d+)-(\\d+)");
    private static final Pattern DISK_RATE = Pattern.compile("[1-9]\\d*" + UNITS + "(?:/s)?|[1-9]\\d*iops");

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
        }, value -> value);
        return ValueTypes.alsoFromToml(text, raw -> raw instanceof Long number ? String.valueOf(number) : raw);
    }

    static ValueType<String> cpuAllowance() {
        String expected = "a percentage like \"50%\" or a time slice like \"25ms/100ms\"";
        return ValueTypes.textual(expected, (value, context) -> {
            if (isPercentage(value) || TIME_SLICE.matcher(value).matches()) {
                return value;
            }
            throw InvalidValueException.of(value, expected);
        }, value -> value);
    }

    static ValueType<String> memory() {
        String expected = "a size like \"512MiB\" or \"2GiB\" (" + UNIT_LIST + "), or a percentage of the host's "
                + "memory like \"50%\"";
        return ValueTypes.textual(expected, (value, context) -> {
            if (SIZE.matcher(value).matches() || isPercentage(value)) {
                return value;
            }
            throw InvalidValueException.of(value, expected);
        }, value -> value);
    }

    static ValueType<String> size() {
        String expected = "a size like \"512MiB\" or \"2GiB\" (" + UNIT_LIST + ")";
        return ValueTypes.textual(expected, (value, context) -> {
            if (SIZE.matcher(value).matches()) {
                return value;
            }
            throw InvalidValueException.of(value, expected);
        }, value -> value);
    }

    /** {@code true}, {@code false} or a size; kept as the text Incus takes for {@code limits.memory.swap}. */
    static ValueType<String> swap() {
        String expected = "true, false or a size like \"1GiB\"";
        ValueType<String> text = ValueTypes.textual(expected, (value, context) -> {
            if (value.equals("true") || value.equals("false") || SIZE.matcher(value).matches()) {
                return value;
            }
            throw InvalidValueException.of(value, expected);
        }, value -> value);
        return ValueTypes.alsoFromToml(text, raw -> raw instanceof Boolean flag ? String.valueOf(flag) : raw);
    }

    static ValueType<String> diskRate() {
        String expected = "a rate like \"10MiB/s\" or \"1000iops\"";
        return ValueTypes.textual(expected, (value, context) -> {
            if (DISK_RATE.matcher(value).matches()) {
                return value;
            }
            throw InvalidValueException.of(value, expected);
        }, value -> value);
    }

    static ValueType<Duration> duration() {
        String expected = "a duration like \"2h\", \"30m\" or \"1h30m\" (units h, m, s)";
        return ValueTypes.textual(expected,
                (value, context) -> Durations.parse(value)
                        .orElseThrow(() -> InvalidValueException.of(value, expected)),
                Durations::format);
    }

    private static boolean isPercentage(String value) {
        Matcher percent = PERCENT.matcher(value);
        if (!percent.matches()) {
            return false;
        }
        int number = Integer.parseInt(percent.group(1));
        return number >= 1 && number <= 100;
    }
}
