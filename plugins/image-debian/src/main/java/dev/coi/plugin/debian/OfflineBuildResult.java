package dev.coi.plugin.debian;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A finished offline build.
 *
 * @param tarball the unified image tarball ({@code metadata.yaml}, {@code templates/}, {@code rootfs/}), gzipped,
 *                inside the work directory
 * @param sizeBytes its size
 * @param steps how long each step took, in order: {@code debootstrap}, {@code setup}, the image script's phases
 *              ({@code prepare}, {@code certs}, {@code packages}, {@code system}, {@code user}, {@code info},
 *              {@code tool-NAME} for each tool, {@code cleanup}), {@code metadata}, {@code tar}
 */
public record OfflineBuildResult(Path tarball, long sizeBytes, List<StepTime> steps) {

    /**
     * Copies the steps.
     *
     * @param tarball the tarball
     * @param sizeBytes its size
     * @param steps the step times
     */
    public OfflineBuildResult {
        steps = List.copyOf(steps);
    }

    /**
     * The time of all steps together.
     *
     * @return the total
     */
    public Duration total() {
        return steps.stream().map(StepTime::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /**
     * One line for the user: every step's time, the total and the tarball's size.
     *
     * @return e.g. {@code debootstrap 75.2s, packages 131.0s, ..., total 301.4s; image.tar.gz 402 MB}
     */
    public String summary() {
        return steps.stream().map(StepTime::toString).collect(Collectors.joining(", ")) + ", total "
                + StepTime.seconds(total()) + "; " + tarball.getFileName() + " "
                + String.format(Locale.ROOT, "%.0f MB", sizeBytes / 1_000_000.0);
    }
}
