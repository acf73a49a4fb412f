package dev.coi.kernel.images.build;

import dev.coi.kernel.CoiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
            certificates.add(certificate);
        }
        return certificates;
    }

    /**
     * @param root where local certificates live, {@link #LOCAL_CERTIFICATES} outside tests
     * @param named the certificates the setting names
     * @return the certificates as recipe files {@code ca/NN-NAME.crt}: numbered, so that equal names stay apart,
     *         and ending in {@code .crt}, the only files {@code update-ca-certificates} takes
     */
    static List<BuildRecipe.File> find(Path root, List<Path> named) {
        List<BuildRecipe.File> files = new ArrayList<>();
        try {
            for (Path certificate : paths(root, named)) {
                String name = certificate.getFileName().toString().replaceFirst("\\.(crt|pem|cer)$", "");
                files.add(new BuildRecipe.File("ca/%02d-%s.crt".formatted(files.size() + 1, name),
                        Files.readAllBytes(certificate), 0644));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the CA certificates of this host: " + e.getMessage(), e);
        }
        return files;
    }
}
