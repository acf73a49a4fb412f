package dev.coi.kernel.config;

import static dev.coi.kernel.config.ConfigFixture.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildSettingsTest {

    @TempDir
    Path root;

    ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(root);
    }

    @Test
    void byDefaultTheBaseIsChosenAutomaticallyAndNoExtraCertificatesAreNamed() throws ConfigException {
        BuildSettings build = fixture.config().build();

        assertEquals(new BuildSettings("auto", "https://images.linuxcontainers.org", List.of()), build);
    }

    @Test
    void aFileNamesTheBaseTheServerAndCertificatesRelativeToItself() throws ConfigException {
        write(fixture.projectFile, """
                [build]
                base = "images:ubuntu/24.04"
                images_server = "https://mirror.example/images"
                ca_certificates = ["certs/proxy.crt", "~/corp.crt"]
                """);

        BuildSettings build = fixture.config().build();

        assertEquals("images:ubuntu/24.04", build.base());
        assertEquals("https://mirror.example/images", build.imagesServer());
        assertEquals(List.of(fixture.work.resolve("certs/proxy.crt"), fixture.home.resolve("corp.crt")),
                build.caCertificates());
    }

    @Test
    void offlineAndLocalAliasesAreBasesButUnknownRemotesAreNot() throws ConfigException {
        write(fixture.projectFile, "[build]\nbase = \"offline\"\n");
        assertEquals("offline", fixture.config().build().base());
        write(fixture.projectFile, "[build]\nbase = \"my-base\"\n");
        assertEquals("my-base", fixture.config().build().base());

        write(fixture.projectFile, "[build]\nbase = \"ubuntu:24.04\"\n");
        ConfigException error = assertThrows(ConfigException.class, fixture::load);
        assertTrue(error.problems().get(0).toString().contains("build.base: got \"ubuntu:24.04\", expected"),
                error.problems().toString());
    }
}
