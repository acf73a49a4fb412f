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
     * @return the certificates as recipe files under {@code ca-certificates/}, each named after its path
     */
    static List<BuildRecipe.File> find(Path root, List<Path> named) {
        List<BuildRecipe.File> files = new ArrayList<>();
        try {
            if (Files.isDirectory(root)) {
                try (Stream<Path> tree = Files.walk(root)) {
                    for (Path certificate : tree.filter(path -> path.toString().endsWith(".crt"))
                            .filter(Files::isRegularFile).sorted().toList()) {
                        files.add(file("local-" + root.relativize(certificate), certificate));
                    }
                }
            }
            for (Path certificate : named) {
                if (!Files.isRegularFile(certificate)) {
                    throw CoiException.usage("build.ca_certificates names " + certificate + ", which is not a file");
                }
                files.add(file("named-" + files.size() + "-" + certificate.getFileName(), certificate));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the CA certificates of this host: " + e.getMessage(), e);
        }
        return files;
    }

    /** Flat names ending in .crt, which is what update-ca-certificates picks up. */
    private static BuildRecipe.File file(String name, Path certificate) throws IOException {
        String flat = name.replace('/', '-');
        return new BuildRecipe.File("ca-certificates/" + (flat.endsWith(".crt") ? flat : flat + ".crt"),
                Files.readAllBytes(certificate), 0644);
    }
}
