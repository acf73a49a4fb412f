package dev.coi.plugin.debian;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times the steps of a build, one after the other: starting a step ends the one before. A step that comes
 * back later adds to its first time. The image script's steps are its {@code [coi] phase NAME: ...} lines.
 */
final class StepTimer {

    private static final Pattern PHASE = Pattern.compile("^\\[coi] phase ([a-z0-9-]+):");

    private final Map<String, Duration> steps = new LinkedHashMap<>();
    private String current;
    private long startedNanos;

    /**
     * The step a line of the image script's output starts, if it starts one.
     *
     * @param line the line
     * @return the step's name
     */
    static Optional<String> phaseOf(String line) {
        Matcher matcher = PHASE.matcher(line);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    synchronized void start(String step) {
        if (step.equals(current)) {
            return;
        }
        stop();
        current = step;
        startedNanos = System.nanoTime();
    }

    synchronized void stop() {
        if (current != null) {
            steps.merge(current, Duration.ofNanos(System.nanoTime() - startedNanos), Duration::plus);
            current = null;
        }
    }

    synchronized List<StepTime> steps() {
        return steps.entrySet().stream().map(step -> new StepTime(step.getKey(), step.getValue())).toList();
    }
}
