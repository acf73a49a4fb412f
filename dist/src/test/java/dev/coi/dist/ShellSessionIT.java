package dev.coi.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import dev.coi.kernel.cli.CliRun;
import dev.coi.kernel.images.build.OfflineTestImage;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.sessions.TestWorkspaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coi shell --background} with a real coi image (built offline once for this JVM, which takes minutes):
 * the container as created, the tool's tmux session of the code user, parallel sessions. The terminal itself is
 * tested end to end elsewhere.
 */
class ShellSessionIT {

    private static String image;

    @TempDir
    Path home;

    private SessionContainersFixture fixture;

    @BeforeAll
    static void buildImage() {
        image = OfflineTestImage.get(IncusClient.local(null)).alias();
    }

    @BeforeEach
    void setUp() throws Exception {
        fixture = new SessionContainersFixture(home);
    }

    @AfterEach
    void cleanUp() {
        fixture.close();
    }

    @Test
    void aBackgroundSessionRunsInTmuxAsCodeInALabelledContainer() throws Exception {
        Path git = Files.createDirectories(fixture.workspace.resolve(".git/hooks")).getParent();
        Files.writeString(git.resolve("config"), "[core]\n");
        TestWorkspaces.ownedByAUser(fixture.workspace);

        CliRun run = fixture.coi("shell", "--background", "--debug", "--image", image, "-e", "GREETING=a,b=c");

        assertEquals(0, run.exitCode(), run::toString);
        String name = fixture.name(1);
        assertTrue(run.err().contains("Container: " + name), run::toString);
        assertTrue(run.err().contains("Attach with: coi attach " + name), run::toString);
        assertFalse(run.err().contains("recorded but not enforced"), run::toString);
        Instance container = fixture.incus.instance(name).orElseThrow();
        assertTrue(container.isRunning());
        Map<String, String> config = container.config();
        assertTrue(config.get("user.coi.session").matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"),
                config::toString);
        assertEquals(fixture.workspace.toString(), config.get("user.coi.workspace"));
        assertEquals("false", config.get("user.coi.persistent"));
        assertEquals("claude", config.get("user.coi.tool"));
        assertEquals(image, config.get("user.coi.image"));
        assertEquals("1000", config.get("user.coi.uid"));
        assertEquals("/home/code", config.get("user.coi.home"));
        assertEquals("restricted", config.get("user.coi.network"));
        assertEquals("true", config.get("security.nesting"));
        assertEquals(List.of("eth0", "git", "git-config", "git-hooks", "git-info", "workspace"),
                container.devices().keySet().stream().sorted().toList());
        // restricted: the profile's card with Incus' address filter and an address coi chose
        Map<String, String> card = container.devices().get("eth0");
        assertEquals("true", card.get("security.ipv4_filtering"), card::toString);
        assertTrue(card.getOrDefault("ipv4.address", "").matches("\\d+\\.\\d+\\.\\d+\\.\\d+"), card::toString);
        assertEquals("false", config.get("boot.autostart"));

        CommandResult tmux = asCode(name, "tmux", "has-session", "-t", "=coi-" + name);
        assertEquals(0, tmux.exitCode(), tmux::toString);
        CommandResult environment = asCode(name, "tmux", "show-environment", "-t", "coi-" + name);
        assertTrue(environment.stdout().contains("IS_SANDBOX=1\n"), environment::toString);
        assertTrue(environment.stdout().contains("GREETING=a,b=c\n"), environment::toString);
        assertTrue(environment.stdout().contains("HOME=/home/code\n"), environment::toString);
        CommandResult pane = asCode(name, "sh", "-c", "echo made > /workspace/by-code.txt; echo hook > /workspace/.git/hooks/x");
        assertEquals(Files.getAttribute(fixture.workspace, "unix:uid"),
                Files.getAttribute(fixture.workspace.resolve("by-code.txt"), "unix:uid"), "the workspace owner's");
        assertTrue(Files.notExists(git.resolve("hooks/x")), pane::toString);
    }

    @Test
    void twoSessionsStartedTogetherRunInParallelSlots() {
        CompletableFuture<CliRun> first = CompletableFuture.supplyAsync(
                () -> fixture.coi("shell", "--background", "--debug", "--network", "open", "--image", image));
        CompletableFuture<CliRun> second = CompletableFuture.supplyAsync(
                () -> fixture.coi("shell", "--background", "--debug", "--network", "open", "--image", image));

        for (CliRun run : List.of(first.join(), second.join())) {
            assertEquals(0, run.exitCode(), run::toString);
        }
        assertEquals(List.of(fixture.name(1), fixture.name(2)), fixture.containerNames());
        for (String name : fixture.containerNames()) {
            assertEquals(0, asCode(name, "tmux", "has-session", "-t", "=coi-" + name).exitCode(), name);
        }
    }

    @Test
    void anExplicitSlotOfARunningPersistentSessionIsReused() {
        CliRun first = fixture.coi("shell", "--background", "--debug", "--persistent", "--network", "open", "--slot",
                "3", "--image", image);
        assertEquals(0, first.exitCode(), first::toString);

        CliRun again = fixture.coi("shell", "--background", "--debug", "--network", "open", "--slot", "3", "--image",
                image);

        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.err().contains("Container already running, reusing... (" + fixture.name(3) + ")"), again::toString);
        assertTrue(again.err().contains("The tmux session runs already in " + fixture.name(3)), again::toString);
        assertEquals(List.of(fixture.name(3)), fixture.containerNames());
    }

    private CommandResult asCode(String container, String... command) {
        return fixture.incus.exec(container, List.of(command), new ExecOptions(1000, 1000, "/workspace",
                Map.of("HOME", "/home/code")));
    }
}
