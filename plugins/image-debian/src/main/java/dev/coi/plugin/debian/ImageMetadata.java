package dev.coi.plugin.debian;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * The {@code metadata.yaml} and {@code templates/} of a unified Incus image tarball. The templates give each
 * new container its own name in {@code /etc/hostname} and {@code /etc/hosts}, as the images Incus downloads do.
 *
 * @param architecture the Incus architecture name, e.g. {@code x86_64}
 * @param created when the image was built
 * @param properties the image properties, e.g. {@code description}, {@code os}, {@code release}
 */
record ImageMetadata(String architecture, Instant created, Map<String, String> properties) {

    private static final String HOSTNAME_TEMPLATE = "{{ container.name }}\n";
    private static final String HOSTS_TEMPLATE = """
            127.0.0.1   localhost
            127.0.1.1   {{ container.name }}

            ::1         localhost ip6-localhost ip6-loopback
            ff02::1     ip6-allnodes
            ff02::2     ip6-allrouters
            """;

    /**
     * The Incus name of a Debian architecture ({@code dpkg --print-architecture}).
     *
     * @param dpkgArchitecture e.g. {@code amd64}
     * @return e.g. {@code x86_64}
     */
    static String incusArchitecture(String dpkgArchitecture) {
        return switch (dpkgArchitecture.strip()) {
            case "amd64" -> "x86_64";
            case "arm64" -> "aarch64";
            case "armhf" -> "armv7l";
            case "armel" -> "armv6l";
            case "i386" -> "i686";
            case "ppc64el" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> throw new IllegalArgumentException("no Incus architecture is known for the Debian architecture '"
                    + dpkgArchitecture.strip() + "'");
        };
    }

    /**
     * The text of {@code metadata.yaml}.
     *
     * @return YAML with every string quoted
     */
    String yaml() {
        StringBuilder yaml = new StringBuilder()
                .append("architecture: ").append(quoted(architecture)).append('\n')
                .append("creation_date: ").append(created.getEpochSecond()).append('\n')
                .append("properties:\n");
        properties.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(property -> yaml.append("  ")
                .append(property.getKey()).append(": ").append(quoted(property.getValue())).append('\n'));
        yaml.append("templates:\n");
        template(yaml, "/etc/hostname", "hostname.tpl");
        template(yaml, "/etc/hosts", "hosts.tpl");
        return yaml.toString();
    }

    /**
     * Writes {@code metadata.yaml} and {@code templates/} into a directory.
     *
     * @param dir the directory that holds {@code rootfs/}
     * @throws IOException when they cannot be written
     */
    void writeTo(Path dir) throws IOException {
        Files.writeString(dir.resolve("metadata.yaml"), yaml());
        Path templates = Files.createDirectories(dir.resolve("templates"));
        Files.writeString(templates.resolve("hostname.tpl"), HOSTNAME_TEMPLATE);
        Files.writeString(templates.resolve("hosts.tpl"), HOSTS_TEMPLATE);
    }

    private static void template(StringBuilder yaml, String path, String template) {
        yaml.append("  ").append(path).append(":\n")
                .append("    when:\n    - create\n    - copy\n")
                .append("    template: ").append(template).append('\n');
    }

    /** A YAML double-quoted scalar, so that colons, brackets or a leading {@code @} in a value mean nothing. */
    static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
