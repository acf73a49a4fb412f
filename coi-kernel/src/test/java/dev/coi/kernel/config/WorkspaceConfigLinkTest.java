package dev.coi.kernel.config;

import static dev.coi.kernel.config.ConfigFixture.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AI tool can replace the workspace's {@code .coi.toml} with a link to a host path it has learnt. Read through
 * the link, another project's config (its {@code defaults.environment} say, with a token) would configure the next
 * session here and go into its container. coi reads a workspace's file only as a regular file, never through a link.
 */
class WorkspaceConfigLinkTest {

    @TempDir
    Path root;

    private ConfigFixture fixture;
    private Path otherProject;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(root);
        otherProject = write(root.resolve("work/other/.coi.toml"), "[defaults.environment]\nAPI_TOKEN = \"secret\"\n");
    }

    private String onlyError() {
        List<ConfigProblem> problems = assertThrows(ConfigException.class, fixture::load).problems();
        assertEquals(1, problems.size(), problems::toString);
        return problems.getFirst().toString();
    }

    @Test
    void aLinkedWorkspaceFileIsNotRead() throws Exception {
        Files.createSymbolicLink(fixture.projectFile, otherProject);

        String error = onlyError();

        assertTrue(error.startsWith(fixture.projectFile + ": is a symbolic link; coi reads a workspace's .coi.toml"
                + " only as a file of its own"), error);
        assertTrue(error.contains("$COI_CONFIG"), error);
    }

    @Test
    void aDanglingLinkIsNoMissingFile() throws Exception {
        Files.createSymbolicLink(fixture.projectFile, root.resolve("nowhere.toml"));

        assertTrue(onlyError().contains("is a symbolic link"));
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFifoIsNotOpened() throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", fixture.projectFile.toString()).start();
        assertEquals(0, mkfifo.waitFor());

        assertTrue(onlyError().contains("is not a regular file"));
    }

    @Test
    void aLinkTheUserNamesInCoiConfigIsTheirs() throws Exception {
        Files.createSymbolicLink(fixture.projectFile, otherProject);
        fixture.env.put(ConfigEnvironment.CONFIG_VARIABLE, fixture.projectFile.toString());

        assertEquals("secret", fixture.config().environment().get("API_TOKEN"));
    }

    @Test
    void aLinkedUserFileIsStillRead() throws Exception {
        Files.createDirectories(fixture.userFile.getParent());
        Files.createSymbolicLink(fixture.userFile, otherProject);

        assertEquals("secret", fixture.config().environment().get("API_TOKEN"));
    }
}
