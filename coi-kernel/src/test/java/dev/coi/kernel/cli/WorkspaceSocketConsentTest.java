package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.Extension;
import dev.coi.kernel.config.ExtensionSchema;
import dev.coi.kernel.plugin.PluginLoader;
import dev.coi.kernel.sessions.ChildStdio;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.wiring.Kernel;
import dev.coi.kernel.config.ConfigEnvironment;
import dev.coi.kernel.config.ConfigLoader;
import dev.coi.kernel.sessions.launch.WorkspaceApprovals;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The attack: the AI tool writes {@code [incus] socket} into the workspace's {@code .coi.toml} and listens on that
 * socket inside the workspace, so that coi talks to a fake Incus of its own: fake answers for every command, the
 * user's files for {@code coi file push}, the user's keystrokes for {@code coi attach}. No command may connect to a
 * socket the workspace chose without the user's consent. The fake daemon here counts connections and hangs up.
 */
class WorkspaceSocketConsentTest {

    @TempDir
    Path home;

    private Path socket;
    private ServerSocketChannel server;
    private final AtomicInteger connections = new AtomicInteger();

    @BeforeEach
    void setUp() throws Exception {
        // short: a unix socket path has a length limit that a deep temporary folder may exceed
        socket = Files.createTempFile(Path.of("/tmp"), "agent", ".sock");
        Files.delete(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofVirtual().start(this::countConnections);
        Files.writeString(home.resolve(".coi.toml"), "[incus]\nsocket = \"" + socket + "\"\n");
    }

    @AfterEach
    void tearDown() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
    }

    private void countConnections() {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                connections.incrementAndGet();
            } catch (IOException closed) {
                return;
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"list", "list --all", "container exists some-container", "container running some-container",
        "container stop some-container", "container delete some-container", "container exec some-container -- true",
        "file push /etc/hostname some-container:/tmp/hostname", "file pull some-container:/etc/hostname copied",
        "image list", "image exists coi", "snapshot list --container some-container", "tmux list", "attach",
        "shutdown coi-0123abcd-1 --force", "kill coi-0123abcd-1 --force", "persist coi-0123abcd-1", "clean --force",
        "health"})
    void noCommandTalksToTheSocketOfTheWorkspaceWithoutConsent(String command) {
        CliRun run = CliRun.of(home, Map.of(), command.split(" "));

        assertEquals(0, connections.get(), "coi connected to the socket the workspace chose: " + run);
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("Error: " + home.resolve(".coi.toml") + " names the Incus socket coi"
                + " talks to and there is no terminal to ask you on; coi did not connect to it:"), run::toString);
        assertTrue(run.err().contains("incus.socket = \"" + socket + "\" (instead of \"(default)\")"), run::toString);
        assertFalse(Files.exists(home.resolve(".coi/trusted-workspaces.json")), run::toString);
    }

    @Test
    void aCommandThatDoesNotTalkToIncusIsNotStopped() {
        CliRun run = CliRun.of(home, Map.of(), "config", "show");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains(socket.toString()), run::toString);
        assertEquals(0, connections.get());
    }

    @Test
    void afterConsentCoiUsesTheSocketTheWorkspaceNames() throws Exception {
        ConfigEnvironment environment = new ConfigEnvironment(Map.of(), home, home,
                home.resolve("etc/coi/config.toml"));
        new WorkspaceApprovals(home.resolve(".coi")).approve(
                new ConfigLoader(environment, ExtensionSchema.of(PluginLoader.bundled().extensions(Extension.class)))
                        .load(Optional.empty(), List.of()).workspaceWidening().orElseThrow());

        CliRun run = CliRun.of(home, Map.of(), "list");

        assertEquals(1, connections.get(), run::toString);
        assertEquals(1, run.exitCode(), run::toString);
    }

    @Test
    void aKernelOutsideTheCommandLineOnlyHonoursAStoredConsent() throws Exception {
        StringWriter out = new StringWriter();
        Output output = new Output(new PrintWriter(out), new PrintWriter(out), false, false);
        Kernel kernel = new Kernel(new ConfigEnvironment(Map.of(), home, home, home.resolve("etc/coi/config.toml")),
                output, ChildStdio.copyTo(new PrintWriter(out), new PrintWriter(out)));

        CoiException error = assertThrows(CoiException.class, () -> kernel.sessions().containers().exists("some-container"));

        assertTrue(error.getMessage().contains("names the Incus socket coi talks to, which needs your consent"),
                error.getMessage());
        assertEquals(0, connections.get());
    }

    @Test
    void aSocketTheUserChoseNeedsNoConsent() throws Exception {
        Files.delete(home.resolve(".coi.toml"));
        Files.createDirectories(home.resolve(".config/coi"));
        Files.writeString(home.resolve(".config/coi/config.toml"), "[incus]\nsocket = \"" + socket + "\"\n");

        CliRun run = CliRun.of(home, Map.of(), "list");

        assertEquals(1, connections.get(), run::toString);
        assertFalse(run.err().contains("consent"), run::toString);
    }
}
