package dev.coi.plugin.debian;

import dev.coi.api.ImageBuildRequest;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What the {@link OfflineImageBuilder} builds.
 *
 * @param workDir an empty or missing directory to build in, on a local filesystem that allows device files;
 *                the build leaves {@code rootfs/}, {@code metadata.yaml}, {@code templates/} and
 *                {@code image.tar.gz} there, and the caller deletes it (see {@link WorkDirs#delete(Path)})
 * @param mirrors the Debian archives to install from
 * @param suite the Debian release, e.g. {@value #DEFAULT_SUITE}
 * @param image what goes into the image: coi's version, the CA certificates it must trust besides the usual ones
 *              (e.g. of a TLS-intercepting proxy) and the AI tools' install steps, run in their order
 */
public record OfflineBuildRequest(Path workDir, DebianMirrors mirrors, String suite, ImageBuildRequest image) {

    /** The Debian release the image is built from when nothing else is asked for. */
    public static final String DEFAULT_SUITE = "bookworm";

    /**
     * Checks the arguments.
     *
     * @param workDir the work directory
     * @param mirrors the archives
     * @param suite the release
     * @param image what goes into the image
     */
    public OfflineBuildRequest {
        workDir = workDir.toAbsolutePath().normalize();
        Objects.requireNonNull(mirrors, "mirrors");
        Objects.requireNonNull(image, "image");
        if (suite == null || !suite.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("a Debian suite is a name like 'bookworm', was '" + suite + "'");
        }
    }

    /**
     * A request with this host's defaults: its Debian mirrors and {@value #DEFAULT_SUITE}.
     *
     * @param workDir the work directory
     * @param image what goes into the image
     * @return the request
     */
    public static OfflineBuildRequest withHostDefaults(Path workDir, ImageBuildRequest image) {
        return new OfflineBuildRequest(workDir, DebianMirrors.ofHost(), DEFAULT_SUITE, image);
    }
}
