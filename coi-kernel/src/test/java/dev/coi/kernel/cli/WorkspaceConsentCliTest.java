package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The commands that make containers or images, or start them, refuse a workspace's {@code .coi.toml} that loosens the sandbox when nobody
 * can consent. Incus is pointed at a socket that does not exist: had coi gone on, it would fail on that instead.
 */
class WorkspaceConsentCliTest {

    @TempDir
    Path home;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(home.resolve(".config/coi"));
        Files.writeString(home.resolve(".config/coi/config.toml"),
                "[incus]\nsocket = \"" + home.resolve("no-incus.socket") + "\"\n");
        Files.writeString(home.resolve(".coi.toml"), "[profiles.lan.network]\nallow_local_network_access = true\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"run -- true", "shell", "shell --background", "", "--profile lan",
        "shell --network=open", "build", "build --force", "build custom mine --script /dev/null",
        "container start some-container", "container launch coi some-container",
        "snapshot restore snap --container some-container --stateful --force"})
    void everyCommandThatMakesContainersRefusesWithoutATerminal(String command) {
        CliRun run = CliRun.answering("y\n", home, Map.of(), command.isEmpty() ? new String[0] : command.split(" "));

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("Error: " + home.resolve(".coi.toml") + " loosens the sandbox and there is"
                + " no terminal to ask you on; nothing was created:"), run::toString);
        assertTrue(run.err().contains("with --profile lan: network.allow_local_network_access = true"), run::toString);
        assertFalse(run.err().contains("[y/N]"), run::toString);
        assertFalse(Files.exists(home.resolve(".coi")), "no session, no approval: " + run);
    }

    @Test
    void withoutTheFileCoiGoesOnToIncus() throws Exception {
        Files.delete(home.resolve(".coi.toml"));

        CliRun run = CliRun.of(home, "run", "--", "true");

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("no-incus.socket"), run::toString);
    }

    @Test
    void aWorkspaceCannotPickTheCaCertificatesOfTheImage() throws Exception {
        Files.writeString(home.resolve(".coi.toml"), "[build]\nca_certificates = [\"~/.ssh/id_ed25519\"]\n");

        CliRun run = CliRun.of(home, "build");

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("build.ca_certificates installs the host files"), run::toString);
        assertFalse(run.err().contains("no-incus.socket"), "coi went on to build: " + run);
    }
}
