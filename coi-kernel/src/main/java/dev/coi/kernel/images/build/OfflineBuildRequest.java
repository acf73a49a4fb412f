package dev.coi.kernel.images.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

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

    /** Where Debian keeps the host's own extra CA certificates (picked up by {@code update-ca-certificates}). */
    public static final Path HOST_CA_CERTIFICATES = Path.of("/usr/local/share/ca-certificates");

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
        List<Path> certificates = new ArrayList<>(certificatesUnder(HOST_CA_CERTIFICATES));
        certificates.addAll(extraCaCertificates);
        return new OfflineBuildRequest(workDir, DebianMirrors.ofHost(), DEFAULT_SUITE, certificates, tools);
    }

    /**
     * The {@code *.crt} files in a directory tree, as {@code update-ca-certificates} finds them.
     *
     * @param dir the directory; missing is the same as empty
     * @return the files, sorted
     */
    static List<Path> certificatesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(file -> file.toString().endsWith(".crt") && Files.isRegularFile(file)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the CA certificates in " + dir, e);
        }
    }
}
