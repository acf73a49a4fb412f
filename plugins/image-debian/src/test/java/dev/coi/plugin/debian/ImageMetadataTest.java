package dev.coi.plugin.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** metadata.yaml, the templates and the architecture names of the image tarball. */
class ImageMetadataTest {

    @TempDir
    Path dir;

    private final ImageMetadata metadata = new ImageMetadata("x86_64", Instant.ofEpochSecond(1_767_225_600L),
            Map.of("os", "debian", "release", "bookworm", "description", OfflineImageBuilder.DESCRIPTION));

    @Test
    void writesMetadataWithQuotedPropertiesAndHostnameTemplates() {
        assertEquals("""
                architecture: "x86_64"
                creation_date: 1767225600
                properties:
                  description: "coi image (Claude Code, Node.js, Docker, GitHub CLI, tmux)"
                  os: "debian"
                  release: "bookworm"
                templates:
                  /etc/hostname:
                    when:
                    - create
                    - copy
                    template: hostname.tpl
                  /etc/hosts:
                    when:
                    - create
                    - copy
                    template: hosts.tpl
                """, metadata.yaml());
    }

    @Test
    void writesTheFilesBesideTheRootfs() throws IOException {
        metadata.writeTo(dir);

        assertEquals(metadata.yaml(), Files.readString(dir.resolve("metadata.yaml")));
        assertEquals("{{ container.name }}\n", Files.readString(dir.resolve("templates/hostname.tpl")));
        assertEquals("127.0.1.1   {{ container.name }}", Files.readString(dir.resolve("templates/hosts.tpl"))
                .lines().filter(line -> line.startsWith("127.0.1.1")).findFirst().orElseThrow());
    }

    @Test
    void quotesWhatYamlWouldReadOtherwise() {
        assertEquals("\"a: \\\"b\\\" \\\\ c\\nd\"", ImageMetadata.quoted("a: \"b\" \\ c\nd"));
    }

    @Test
    void mapsDebianArchitecturesToIncusNames() {
        assertEquals("x86_64", ImageMetadata.incusArchitecture("amd64\n"));
        assertEquals("aarch64", ImageMetadata.incusArchitecture("arm64"));
        assertEquals("armv7l", ImageMetadata.incusArchitecture("armhf"));
        assertEquals("i686", ImageMetadata.incusArchitecture("i386"));
        assertEquals("ppc64le", ImageMetadata.incusArchitecture("ppc64el"));
        assertEquals("riscv64", ImageMetadata.incusArchitecture("riscv64"));
        assertThrows(IllegalArgumentException.class, () -> ImageMetadata.incusArchitecture("mips64el"));
    }
}
