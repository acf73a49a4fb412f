package dev.coi.plugin.debian;

import java.time.Duration;
import java.util.Locale;

/**
 * How long one step of a build took.
 *
 * @param step the step, e.g. {@code debootstrap}, {@code packages}, {@code tool-claude}, {@code tar}
 * @param duration how long it took
 */
public record StepTime(String step, Duration duration) {

    /**
     * The step as {@code name 12.3s}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return step + " " + seconds(duration);
    }

    /**
     * A duration as the steps show it.
     *
     * @param duration the duration
     * @return e.g. {@code 12.3s}
     */
    public static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
    }
}
