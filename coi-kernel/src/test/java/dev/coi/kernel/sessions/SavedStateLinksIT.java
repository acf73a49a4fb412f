package dev.coi.kernel.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.coi.api.AiTool;
import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import dev.coi.api.ToolFile;
import dev.coi.api.ToolLaunch;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.containers.IncusContainerHandle;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.InstanceSpec;
import dev.coi.kernel.incus.TestImage;
import dev.coi.kernel.incus.TestInstances;
import dev.coi.kernel.plugin.LoadedPlugin;
import dev.coi.kernel.plugin.PluginRegistry;
import dev.coi.kernel.plugin.PluginSource;
import dev.coi.kernel.snapshots.SnapshotService;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent replaces the tool's state directory, or a folder in it, with a link to a host path it has learnt; saving
 * the session and snapshotting it must neither read, change nor delete anything there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SavedStateLinksIT {

    private static final String HOME = "/home/code";
    private static final String VICTIM = "valid-until:2031-01-01T00:00:00Z";
    private static final ToolFile NESTED = new ToolFile(".tool/auth/creds.json", ToolFile.Kind.CREDENTIALS);

    private IncusClient client;
    private TestInstances instances;
    private Path hostHome;
    private Path coiHome;
    private Path victimFolder;
    private Path victim;
    private final RecordingProgress progress = new RecordingProgress();
    private final AiTool tool = new NestedCredentialsTool();
    private PluginRegistry plugins;

    @BeforeAll
    void connect() {
        client = IncusClient.local(null);
        instances = new TestInstances(client);
    }

    @AfterAll
    void deleteContainers() {
        instances.close();
    }

    @BeforeEach
    void homes(@TempDir Path host, @TempDir Path coi, @TempDir Path elsewhere) throws Exception {
        hostHome = host;
        coiHome = coi;
        victimFolder = elsewhere.resolve("victim");
        Files.createDirectory(victimFolder);
        victim = victimFolder.resolve("creds.json");
        Files.writeString(victim, VICTIM);
        Files.setPosixFilePermissions(victimFolder, PosixFilePermissions.fromString("r-xr-xr-x"));
        plugins = new PluginRegistry(List.of(new LoadedPlugin("test-tool", "1", "a test tool", PluginSource.BUNDLED,
                Optional.empty(), List.of(tool))), List.of());
    }

    @Test
    void endingASessionWhoseStateDirectoryIsALinkLeavesTheHostAlone() throws Exception {
        SessionContainer container = launch();
        sh(container.name(), "rm -rf .tool && ln -s " + victimFolder + " .tool");

        new SessionFinisher(client, plugins, coiHome, hostHome, progress).end(container, Duration.ofSeconds(20));

        assertVictimUntouched();
        Path saved = new SessionStore(coiHome, TestTool.NAME).sessionDirectory(container.sessionId().orElseThrow());
        assertFalse(Files.isSymbolicLink(saved.resolve(".tool")), "the saved state is a link to " + victimFolder);
    }

    @Test
    void endingASessionWithALinkedFolderInItsStateLeavesTheHostAlone() throws Exception {
        SessionContainer container = launch();
        sh(container.name(), "rm -rf .tool/auth && ln -s " + victimFolder + " .tool/auth");

        new SessionFinisher(client, plugins, coiHome, hostHome, progress).end(container, Duration.ofSeconds(20));

        assertVictimUntouched();
        Path saved = new SessionStore(coiHome, TestTool.NAME).sessionDirectory(container.sessionId().orElseThrow());
        assertEquals(victimFolder, Files.readSymbolicLink(saved.resolve(".tool/auth")), "kept as the link it was");
    }

    @Test
    void aSnapshotOfAStateDirectoryThatIsALinkLeavesTheHostAlone() throws Exception {
        SessionContainer container = launch();
        sh(container.name(), "rm -rf .tool && ln -s " + victimFolder + " .tool");
        SnapshotService snapshots = new SnapshotService(client, () -> plugins, coiHome,
                new ContainerNames(TestInstances.PREFIX), Map.of(), progress, Clock.systemUTC());

        try {
            snapshots.create(container.name(), "links", false);
        } catch (CoiException refused) {
            progress.warn(refused.getMessage());
        }

        assertVictimUntouched();
    }

    private void assertVictimUntouched() throws Exception {
        assertEquals(VICTIM, Files.readString(victim), "the host file behind the link");
        assertEquals("r-xr-xr-x", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(victimFolder, LinkOption.NOFOLLOW_LINKS)), "the host folder's mode");
    }

    private SessionContainer launch() throws Exception {
        String name = instances.newName();
        client.create(InstanceSpec.fromFingerprint(name, TestImage.fingerprint(client)).withStart(true)
                .withConfig(Map.of(
                        SessionLabels.SESSION_ID, UUID.randomUUID().toString(),
                        SessionLabels.WORKSPACE, "/tmp/workspace-of-" + name,
                        SessionLabels.PERSISTENT, "false",
                        SessionLabels.TOOL, TestTool.NAME,
                        SessionLabels.IMAGE, TestImage.ALIAS,
                        SessionLabels.UID, "1000",
                        SessionLabels.HOME, HOME)));
        TestInstances.awaitInit(client, name);
        new ToolStateInjector(tool, hostHome, new CredentialVault(coiHome, TestTool.NAME), progress)
                .inject(new IncusContainerHandle(client, name), HOME, 1000, 1000, Optional.empty());
        sh(name, "mkdir -p .tool/auth && echo turn-1 > .tool/c.jsonl");
        return SessionContainer.of(client.instance(name).orElseThrow());
    }

    private void sh(String name, String script) {
        CommandResult result = client.exec(name, List.of("sh", "-c", script), new ExecOptions(1000, 1000, HOME, Map.of()));
        assertEquals(0, result.exitCode(), result.stderr());
    }

    /** The test tool with its credentials in a folder below its state directory, as a data-defined tool may have. */
    private static final class NestedCredentialsTool implements AiTool {

        private final TestTool tool = new TestTool();

        @Override
        public String name() {
            return tool.name();
        }

        @Override
        public String binary() {
            return tool.binary();
        }

        @Override
        public Optional<String> configDirectory() {
            return tool.configDirectory();
        }

        @Override
        public List<String> commandLine(ToolLaunch launch) {
            return tool.commandLine(launch);
        }

        @Override
        public Map<String, Object> sandboxSettings() {
            return tool.sandboxSettings();
        }

        @Override
        public Optional<String> discoverSessionId(Path savedStateDirectory) {
            return Optional.empty();
        }

        @Override
        public List<ToolFile> hostFiles() {
            return List.of(TestTool.CREDENTIALS, NESTED);
        }

        @Override
        public Optional<Instant> credentialsValidUntil(ToolFile file, byte[] content) {
            return tool.credentialsValidUntil(TestTool.CREDENTIALS, content);
        }
    }
}
