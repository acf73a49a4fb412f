package dev.coi.plugin.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the host's Debian mirrors in its apt sources. */
class DebianMirrorsTest {

    private static final String DEBIAN = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n";

    @TempDir
    Path dir;

    private DebianMirrors read(String osRelease) throws IOException {
        Path file = Files.writeString(dir.resolve("os-release"), osRelease);
        return DebianMirrors.read(file, dir.resolve("apt"));
    }

    private void write(String name, String text) throws IOException {
        Path file = dir.resolve("apt").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void readsTheDeb822SourcesOfADebianHost() throws IOException {
        write("sources.list.d/debian.sources", """
                Types: deb
                # http://snapshot.debian.org/archive/debian/20250520T000000Z
                URIs: http://mirror.example.org/debian/
                Suites: bookworm bookworm-updates
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

                Types: deb
                URIs: http://mirror.example.org/debian-security
                Suites: bookworm-security
                Components: main
                """);

        assertEquals(new DebianMirrors("http://mirror.example.org/debian",
                Optional.of("http://mirror.example.org/debian-security")), read(DEBIAN));
    }

    @Test
    void readsOneLineSourcesWithOptionsAndSkipsSourcePackagesAndComments() throws IOException {
        write("sources.list", """
                # deb http://commented.example.org/debian bookworm main
                deb-src http://src.example.org/debian bookworm main
                deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://ftp.de.debian.org/debian bookworm main
                deb http://security.debian.org/debian-security bookworm-security main
                """);

        assertEquals(new DebianMirrors("http://ftp.de.debian.org/debian",
                Optional.of("http://security.debian.org/debian-security")), read(DEBIAN));
    }

    @Test
    void sourcesListComesFirstThenTheDirectoryInNameOrderWithoutDisabledFilesOrStanzas() throws IOException {
        write("sources.list.d/nodesource.sources.disabled-by-farm", "Types: deb\nURIs: https://deb.nodesource.com/node_20.x\n"
                + "Suites: nodistro\n");
        write("sources.list.d/a-off.sources", "Types: deb\nURIs: http://off.example.org/debian\nSuites: bookworm\n"
                + "Enabled: no\n");
        write("sources.list.d/b.list", "deb http://b.example.org/debian bookworm main\n");
        write("sources.list.d/c.sources", "Types: deb\nURIs: http://c.example.org/debian\nSuites: bookworm\n");

        assertEquals(new DebianMirrors("http://b.example.org/debian", Optional.empty()), read(DEBIAN));

        write("sources.list", "deb http://first.example.org/debian bookworm main\n");
        assertEquals("http://first.example.org/debian", read(DEBIAN).mirror());
    }

    @Test
    void fallsBackToDebiansOwnMirrorsWithoutSourcesOrOnAnotherDistribution() throws IOException {
        DebianMirrors defaults = new DebianMirrors(DebianMirrors.DEFAULT_MIRROR,
                Optional.of(DebianMirrors.DEFAULT_SECURITY_MIRROR));
        assertEquals(defaults, read(DEBIAN));

        write("sources.list", "deb http://archive.ubuntu.com/ubuntu noble main\n");
        assertEquals(defaults, read("ID=ubuntu\nID_LIKE=debian\n"));
    }

    @Test
    void mirrorsAreHttpUrls() {
        assertThrows(IllegalArgumentException.class, () -> new DebianMirrors("deb.debian.org", Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new DebianMirrors("file:///srv/mirror", Optional.empty()));
        assertEquals("https://m.example.org/debian",
                new DebianMirrors(" https://m.example.org/debian// ", Optional.empty()).mirror());
    }

    @Test
    void theOneLineParserKeepsUriAndSuite() {
        assertEquals(List.of(new DebianMirrors.Source("http://x.example.org/debian", List.of("bookworm"))),
                DebianMirrors.oneLineSources("deb [ arch=amd64 ] http://x.example.org/debian bookworm main"));
    }
}
