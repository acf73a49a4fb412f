package dev.coi.kernel.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations written the way the reference tool writes them: {@code 2h}, {@code 30m}, {@code 1h30m}, {@code 45s}. */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private Durations() {
    }

    /** The duration, or empty when the text is not one or is zero (a zero limit would stop a session at once). */
    static Optional<Duration> parse(String text) {
        Matcher matcher = DURATION.matcher(text);
        if (text.isEmpty() || !matcher.matches()) {
            return Optional.empty();
        }
        try {
            Duration duration = Duration.ofHours(number(matcher.group(1)))
                    .plusMinutes(number(matcher.group(2)))
                    .plusSeconds(number(matcher.group(3)));
            return duration.isZero() ? Optional.empty() : Optional.of(duration);
        } catch (ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The duration written as {@code 1h30m}, {@code 45s}. */
    public static String format(Duration duration) {
        StringBuilder text = new StringBuilder();
        long hours = duration.toHours();
        int minutes = duration.toMinutesPart();
        int seconds = duration.toSecondsPart();
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (minutes > 0) {
            text.append(minutes).append('m');
        }
        if (seconds > 0 || text.isEmpty()) {
            text.append(seconds).append('s');
        }
        return text.toString();
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }
}
