package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.network.Keepers;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.incus.TestImage;
import dev.coi.kernel.incus.TestInstances;
import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.TestWorkspaces;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the real Incus daemon: a workspace's {@code .coi.toml} that loosens the sandbox stops {@code coi run} and
 * {@code coi shell} before any container exists when nobody at a terminal consented, a stored consent lets them go
 * on, and in a real terminal coi asks once per content of the file. {@code --persistent} keeps every container coi
 * would make, so that none could go unseen.
 */
class WorkspaceConsentIT {

    private static final String OPEN = "[network]\nmode = \"open\"\n";
    private static final Duration WAIT = Duration.ofMinutes(1);

    @TempDir
    Path home;

    private IncusClient incus;
    private String prefix;
    private String image;
    private Map<String, String> environment;

    @BeforeEach
    void setUp() throws Exception {
        incus = IncusClient.local(null);
        image = TestImage.alias(incus);
        prefix = TestInstances.PREFIX + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 4)
                + "-";
        environment = Map.of(ContainerNames.PREFIX_VARIABLE, prefix);
        Files.writeString(home.resolve(".coi.toml"), OPEN);
        TestWorkspaces.ownedByAUser(home);
    }

    @AfterEach
    void tearDown() {
        containers().forEach(incus::deleteForcibly);
        Keepers.awaitEnd(home);
    }

    private List<String> containers() {
        return incus.instances().stream().map(Instance::name).filter(name -> name.startsWith(prefix)).toList();
    }

    @Test
    void withoutConsentNothingIsCreated() {
        for (List<String> command : List.of(List.of("run", "--persistent", "--image", image, "--", "true"),
                List.of("shell", "--persistent", "--background", "--image", image))) {
            CliRun run = CliRun.of(home, environment, command.toArray(String[]::new));

            assertEquals(1, run.exitCode(), run::toString);
            assertTrue(run.err().startsWith("Error: " + home.resolve(".coi.toml") + " loosens the sandbox and there"
                    + " is no terminal to ask you on; nothing was created:"), run::toString);
            assertTrue(run.err().contains("network.mode = \"open\" (instead of \"restricted\")"), run::toString);
            assertEquals(List.of(), containers(), run::toString);
        }
        assertFalse(Files.exists(home.resolve(".coi")), "no saved session, no approval");
    }

    @Test
    void aStoredConsentLetsTheSameCommandMakeItsContainer() throws Exception {
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(OPEN.getBytes(StandardCharsets.UTF_8)));
        Files.createDirectories(home.resolve(".coi"));
        Files.writeString(home.resolve(".coi/trusted-workspaces.json"), "{\"" + home + "\": \"" + sha256 + "\"}");

        CliRun run = CliRun.of(home, environment, "run", "--persistent", "--image", image, "--", "true");

        assertFalse(run.err().contains("loosens the sandbox"), run::toString);
        assertEquals(1, containers().size(), run::toString);
    }

    @Test
    void onARealTerminalItAsksOnceAndAgainAfterAnEdit() throws Exception {
        Path workspace = TestWorkspaces.ownedByAUser(Files.createDirectories(home.resolve("project")));
        Files.writeString(workspace.resolve(".coi.toml"), OPEN);
        String[] command = {"run", "--persistent", "--image", image, "--", "true"};
        try (CoiTerminal terminal = new CoiTerminal(home, workspace, environment)) {
            terminal.start(command);
            terminal.awaitScreen("Use these settings for " + workspace + "? [y/N]", WAIT);
            terminal.type("y");
            terminal.awaitExit(WAIT);
            assertTrue(Files.readString(home.resolve(".coi/trusted-workspaces.json")).contains(workspace.toString()));
            assertEquals(1, containers().size(), terminal::history);

            terminal.start(command);
            terminal.awaitExit(WAIT);
            assertFalse(terminal.history().contains("[y/N]"), terminal::history);
            assertEquals(2, containers().size(), terminal::history);

            Files.writeString(workspace.resolve(".coi.toml"), OPEN + "allow_local_network_access = true\n");
            terminal.start(command);
            terminal.awaitScreen("network.allow_local_network_access = true", WAIT);
            terminal.awaitScreen("[y/N]", WAIT);
            terminal.type("n");
            assertEquals(1, terminal.awaitExit(WAIT), terminal::history);
            assertTrue(terminal.history().contains("you did not allow it; nothing was created"), terminal::history);
            assertEquals(2, containers().size(), terminal::history);
        }
    }
}
