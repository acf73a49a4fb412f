package dev.coi.kernel.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code [build]} settings of {@code coi build}.
 *
 * @param base           what the image is built from: {@code auto}, {@code offline}, {@code images:ALIAS} or a
 *                       local image alias or fingerprint
 * @param imagesServer   the simplestreams server {@code images:ALIAS} is pulled from
 * @param caCertificates CA certificates added to the image besides those under /usr/local/share/ca-certificates
 */
public record BuildSettings(String base, String imagesServer, List<Path> caCertificates) {

    public BuildSettings {
        caCertificates = List.copyOf(caCertificates);
    }
}
