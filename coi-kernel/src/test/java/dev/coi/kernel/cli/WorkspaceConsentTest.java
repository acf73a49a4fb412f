package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.wiring.Kernel;
import dev.coi.kernel.config.ConfigEnvironment;
import dev.coi.kernel.sessions.ChildStdio;
import dev.coi.kernel.sessions.launch.LaunchRequest;
import dev.coi.kernel.sessions.launch.WorkspaceApprovals;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Consent to what a workspace's {@code .coi.toml} loosens: asked on a terminal, remembered per content. */
class WorkspaceConsentTest {

    private static final String OPEN = "[network]\nmode = \"open\"\n";
    private static final String QUESTION = "Use these settings for ";

    @TempDir
    Path root;

    private Path home;
    private Path workspace;
    private Path approvals;
    private StringWriter err;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(root.resolve("home"));
        workspace = Files.createDirectories(root.resolve("workspace"));
        approvals = home.resolve(".coi").resolve(WorkspaceApprovals.FILE_NAME);
    }

    /** Checks consent as {@code coi shell} in the workspace would, with a new kernel as every coi run has. */
    private void require(boolean terminal, String answers, Optional<String> networkFlag) throws Exception {
        err = new StringWriter();
        StringWriter out = new StringWriter();
        Output output = new Output(new PrintWriter(out), new PrintWriter(err), false, false);
        Kernel kernel = new Kernel(new ConfigEnvironment(Map.of(), home, workspace, root.resolve("etc/config.toml")),
                output, ChildStdio.copyTo(new PrintWriter(out), new PrintWriter(err)));
        CommandContext context = new CommandContext(kernel, output, new BufferedReader(new StringReader(answers)),
                terminal);
        context.requireConsent(new LaunchRequest(Path.of("."), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(), List.of(), networkFlag));
        output.err().flush();
    }

    private void require(boolean terminal, String answers) throws Exception {
        require(terminal, answers, Optional.empty());
    }

    private CoiException refused(boolean terminal, String answers) {
        CoiException error = assertThrows(CoiException.class, () -> require(terminal, answers));
        assertEquals(1, error.exitCode());
        return error;
    }

    private void writeProject(String toml) throws Exception {
        Files.writeString(workspace.resolve(".coi.toml"), toml);
    }

    /** Checks consent as a command about to connect to Incus would, {@code coi list} say. */
    private void requireToConnect(boolean terminal, String answers) throws Exception {
        err = new StringWriter();
        StringWriter out = new StringWriter();
        Output output = new Output(new PrintWriter(out), new PrintWriter(err), false, false);
        Kernel kernel = new Kernel(new ConfigEnvironment(Map.of(), home, workspace, root.resolve("etc/config.toml")),
                output, ChildStdio.copyTo(new PrintWriter(out), new PrintWriter(err)));
        CommandContext context = new CommandContext(kernel, output, new BufferedReader(new StringReader(answers)),
                terminal);
        context.consent().requireToConnect(kernel.config().workspaceWidening().orElseThrow());
        output.err().flush();
    }

    @Test
    void aSocketIsAskedForOnATerminalBeforeCoiConnects() throws Exception {
        writeProject("[incus]\nsocket = \"/srv/agent.sock\"\n");

        requireToConnect(true, "y\n");

        String shown = err.toString();
        assertTrue(shown.contains(workspace.resolve(".coi.toml") + " names the Incus socket coi talks to:"), shown);
        assertTrue(shown.contains("  incus.socket = \"/srv/agent.sock\" (instead of \"(default)\")"), shown);
        assertTrue(shown.contains(QUESTION + workspace + "? [y/N]: "), shown);
        requireToConnect(false, "");
        assertEquals("", err.toString(), "the stored consent is honoured without asking");
    }

    @Test
    void aSocketRefusedOnATerminalIsNotConnectedTo() throws Exception {
        writeProject("[incus]\nsocket = \"/srv/agent.sock\"\n");

        CoiException error = assertThrows(CoiException.class, () -> requireToConnect(true, "n\n"));

        assertTrue(error.getMessage().startsWith(workspace.resolve(".coi.toml") + " names the Incus socket coi talks"
                + " to and you did not allow it; coi did not connect to it:"), error.getMessage());
        assertTrue(error.getMessage().contains("remove them from the workspace's .coi.toml."), error.getMessage());
        assertFalse(Files.exists(approvals));
    }

    @Test
    void withoutATerminalItIsRefusedWithTheWayOut() throws Exception {
        writeProject(OPEN + "[[mounts.default]]\nhost = \"/srv/data\"\ncontainer = \"/data\"\n");

        CoiException error = refused(false, "y\n");

        String message = error.getMessage();
        assertTrue(message.startsWith(workspace.resolve(".coi.toml") + " loosens the sandbox and there is no"
                + " terminal to ask you on; nothing was created:"), message);
        assertTrue(message.contains("network.mode = \"open\" (instead of \"restricted\")"), message);
        assertTrue(message.contains("mounts.default adds host folder /srv/data at /data"), message);
        assertTrue(message.contains("run the same command once in a terminal and answer y"), message);
        assertTrue(message.contains(home.resolve(".config/coi/config.toml").toString()), message);
        assertTrue(message.contains("--network=MODE, --mount HOST:CONTAINER"), message);
        assertFalse(err.toString().contains(QUESTION), "a script's input is no consent: " + err);
        assertFalse(Files.exists(approvals));
    }

    @Test
    void onATerminalItAsksOnceShowingEveryWidening() throws Exception {
        writeProject(OPEN + "[profiles.lan.network]\nallow_local_network_access = true\n");

        require(true, "y\n");

        String shown = err.toString();
        assertTrue(shown.contains(workspace.resolve(".coi.toml") + " loosens the sandbox"), shown);
        assertTrue(shown.contains("  network.mode = \"open\" (instead of \"restricted\")"), shown);
        assertTrue(shown.contains("  with --profile lan: network.allow_local_network_access = true"), shown);
        assertTrue(shown.contains(QUESTION + workspace + "? [y/N]: "), shown);
        assertTrue(Files.readString(approvals).contains(workspace.toString()), Files.readString(approvals));

        require(false, "");
        assertEquals("", err.toString(), "the stored consent is honoured without asking");
    }

    @Test
    void noIsARefusalAndIsNotRemembered() throws Exception {
        writeProject(OPEN);

        CoiException error = refused(true, "n\n");

        assertTrue(error.getMessage().contains("you did not allow it"), error.getMessage());
        assertFalse(Files.exists(approvals));
        require(true, "y\n");
        assertTrue(err.toString().contains(QUESTION), "asked again after a no: " + err);
    }

    @Test
    void anEditedFileIsAskedAgain() throws Exception {
        writeProject(OPEN);
        require(true, "y\n");

        writeProject(OPEN + "allow_local_network_access = true\n");

        refused(false, "");
        require(true, "y\n");
        assertTrue(err.toString().contains("network.allow_local_network_access = true"), err.toString());
        require(false, "");
    }

    @Test
    void aConsentBelongsToItsWorkspace() throws Exception {
        writeProject(OPEN);
        require(true, "y\n");

        Path other = workspace;
        workspace = Files.createDirectories(root.resolve("other"));
        writeProject(OPEN);

        refused(false, "");
        workspace = other;
        require(false, "");
    }

    @Test
    void aFileThatOnlyNarrowsNeedsNoConsent() throws Exception {
        Files.createDirectories(home.resolve(".config/coi"));
        Files.writeString(home.resolve(".config/coi/config.toml"), OPEN);
        writeProject("[network]\nmode = \"allowlist\"\nallowed_domains = [\"api.anthropic.com\"]\n");

        assertDoesNotThrow(() -> require(false, ""));
        assertFalse(Files.exists(approvals));
    }

    @Test
    void theNetworkFlagOverridesTheFilesMode() throws Exception {
        writeProject(OPEN);

        assertDoesNotThrow(() -> require(false, "", Optional.of("restricted")));

        writeProject(OPEN + "block_metadata_endpoint = false\n");
        assertThrows(CoiException.class, () -> require(false, "", Optional.of("restricted")));
    }

    @Test
    void anUnreadableApprovalsFileIsNeitherTrustedNorOverwritten() throws Exception {
        writeProject(OPEN);
        Files.createDirectories(approvals.getParent());
        Files.writeString(approvals, "{not json");

        CoiException error = assertThrows(CoiException.class, () -> require(true, "y\n"));

        assertTrue(error.getMessage().startsWith("cannot read " + approvals), error.getMessage());
        assertEquals("{not json", Files.readString(approvals));
    }
}
