package dev.coi.kernel.images.build;

import dev.coi.kernel.base.CoiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The CA certificates this host trusts beyond the usual public ones, which the image must trust too, so that
 * apt, npm, pip and git inside work behind the same TLS-intercepting proxy: every {@code *.crt} under
 * {@code /usr/local/share/ca-certificates} (where Debian and Ubuntu keep local ones) and those the setting
 * {@code build.ca_certificates} names.
 */
final class HostCertificates {

    static final Path LOCAL_CERTIFICATES = Path.of("/usr/local/share/ca-certificates");

    private HostCertificates() {
    }

    /**
     * @param root where local certificates live, {@link #LOCAL_CERTIFICATES} outside tests
     * @param named the certificates the setting names
     * @return the {@code *.crt} files under {@code root} (as {@code update-ca-certificates} finds them), sorted,
     *         then the named ones
     */
    static List<Path> paths(Path root, List<Path> named) {
        List<Path> certificates = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> tree = Files.walk(root)) {
                tree.filter(path -> path.toString().endsWith(".crt")).filter(Files::isRegularFile).sorted()
                        .forEach(certificates::add);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the CA certificates of this host: " + e.getMessage(), e);
            }
        }
        for (Path certificate : named) {
            if (!Files.isRegularFile(certificate)) {
                throw CoiException.usage("build.ca_certificates names " + certificate + ", which is not a file");
            }
            requireCertificates(certificate);
            certificates.add(certificate);
        }
        return certificates;
    }

    /**
     * The file goes into the image world-readable, so anything but certificates (a private key, a password file) is
     * refused before anything is built. {@link Files#isRegularFile} follows a symlink, as to a system CA file, but
     * refuses directories, devices and FIFOs.
     */
    private static void requireCertificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                throw notCertificates(file, "it holds no certificate");
            }
        } catch (CertificateException e) {
            throw notCertificates(file, "it does not parse as X.509 certificates (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw notCertificates(file, "it cannot be read (" + e.getMessage() + ")");
        }
    }

    private static CoiException notCertificates(Path file, String reason) {
        return CoiException.usage("build.ca_certificates names " + file + ", but " + reason
                + ": name only CA certificate files (PEM or DER), or remove it from build.ca_certificates");
    }
}
