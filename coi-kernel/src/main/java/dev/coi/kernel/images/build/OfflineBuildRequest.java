package dev.coi.kernel.images.build;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What the {@link OfflineImageBuilder} builds.
 *
 * @param workDir an empty or missing directory to build in, on a local filesystem that allows device files;
 *                the build leaves {@code rootfs/}, {@code metadata.yaml}, {@code templates/} and
 *                {@code image.tar.gz} there, and the caller deletes it (see {@link WorkDirs#delete(Path)})
 * @param mirrors the Debian archives to install from
 * @param suite the Debian release, e.g. {@value #DEFAULT_SUITE}
 * @param caCertificates PEM certificates the image must trust besides the usual ones, e.g. of a
 *                       TLS-intercepting proxy
 * @param tools the AI tools' install steps, run in this order
 */
public record OfflineBuildRequest(Path workDir, DebianMirrors mirrors, String suite, List<Path> caCertificates,
        List<ToolInstallStep> tools) {

    /** The Debian release the image is built from when nothing else is asked for. */
    public static final String DEFAULT_SUITE = "bookworm";

    /**
     * Checks and copies the arguments.
     *
     * @param workDir the work directory
     * @param mirrors the archives
     * @param suite the release
     * @param caCertificates the extra certificates
     * @param tools the tool steps
     */
    public OfflineBuildRequest {
        workDir = workDir.toAbsolutePath().normalize();
        Objects.requireNonNull(mirrors, "mirrors");
        if (suite == null || !suite.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("a Debian suite is a name like 'bookworm', was '" + suite + "'");
        }
        caCertificates = List.copyOf(caCertificates);
        tools = List.copyOf(tools);
    }

    /**
     * A request with this host's defaults: its Debian mirrors, {@value #DEFAULT_SUITE}, and every certificate
     * under {@code /usr/local/share/ca-certificates} followed by the extra ones given.
     *
     * @param workDir the work directory
     * @param extraCaCertificates certificates a setting names
     * @param tools the tool steps
     * @return the request
     */
    public static OfflineBuildRequest withHostDefaults(Path workDir, List<Path> extraCaCertificates,
            List<ToolInstallStep> tools) {
        return new OfflineBuildRequest(workDir, DebianMirrors.ofHost(), DEFAULT_SUITE,
                HostCertificates.paths(HostCertificates.LOCAL_CERTIFICATES, extraCaCertificates), tools);
    }
}
