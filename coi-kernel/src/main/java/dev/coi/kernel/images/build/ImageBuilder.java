package dev.coi.kernel.images.build;

import dev.coi.api.Progress;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.images.ImageVersions;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.IncusConflictException;
import dev.coi.kernel.incus.IncusException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Optional;

/**
 * One build from start to end: the maker makes the image, it gets its version alias ({@code ALIAS-YYYYMMDD-HHMMSS})
 * and then the alias itself is moved to it in one request, so the alias never stops naming an image. A failure
 * or an interrupt (Ctrl-C, SIGTERM) at any point before removes the build container and the unfinished image
 * and leaves the alias where it was.
 */
final class ImageBuilder {

    /** Builds finishing within the same second get the next free second. */
    private static final int VERSION_ATTEMPTS = 10;

    private final IncusClient incus;
    private final Progress progress;
    private final Clock clock;

    ImageBuilder(IncusClient incus, Progress progress, Clock clock) {
        this.incus = incus;
        this.progress = progress;
        this.clock = clock;
    }

    BuiltImage build(String alias, String description, ImageMaker maker) {
        BuildTracker tracker = new BuildTracker(incus, progress);
        Thread hook = new Thread(tracker::interrupt, "coi-build-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            String fingerprint = maker.make(Map.of("description", description), tracker);
            tracker.stopIfInterrupted();
            String version = nameVersion(alias, fingerprint, description);
            tracker.keepImages();
            point(alias, fingerprint, description, version);
            return new BuiltImage(alias, Optional.of(version), Optional.of(fingerprint));
        } catch (RuntimeException e) {
            if (tracker.interrupted()) {
                // whatever broke, it broke because the hook took the build container away
                throw new CoiException(ExitCodes.INTERRUPTED, "the build was interrupted", e);
            }
            throw e;
        } finally {
            tracker.cleanUp();
            tracker.finished();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running or has run
            }
        }
    }

    private String nameVersion(String alias, String fingerprint, String description) {
        LocalDateTime now = LocalDateTime.now(clock);
        for (int second = 0; ; second++) {
            String version = ImageVersions.versionOf(alias, now.plusSeconds(second));
            try {
                incus.images().createAlias(version, fingerprint, description);
                return version;
            } catch (IncusConflictException e) {
                if (second + 1 == VERSION_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Moves the alias to the new image. Should that fail, the new version goes too, so a failed build leaves no
     * image behind.
     */
    private void point(String alias, String fingerprint, String description, String version) {
        try {
            if (incus.images().alias(alias).isPresent()) {
                incus.images().retarget(alias, fingerprint, description);
            } else {
                try {
                    incus.images().createAlias(alias, fingerprint, description);
                } catch (IncusConflictException e) {
                    incus.images().retarget(alias, fingerprint, description);
                }
            }
        } catch (IncusException e) {
            incus.images().delete(fingerprint);
            throw new IncusException("Built " + version + " but could not point " + alias + " at it, so it was"
                    + " deleted again: " + e.getMessage(), e.statusCode(), e.incusError(), e);
        }
    }
}
