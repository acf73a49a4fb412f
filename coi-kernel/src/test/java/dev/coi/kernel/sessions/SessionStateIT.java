package dev.coi.kernel.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import dev.coi.kernel.containers.IncusContainerHandle;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.InstanceSpec;
import dev.coi.kernel.incus.SocketLocator;
import dev.coi.kernel.incus.TestImage;
import dev.coi.kernel.incus.TestInstances;
import dev.coi.kernel.plugin.LoadedPlugin;
import dev.coi.kernel.plugin.PluginRegistry;
import dev.coi.kernel.plugin.PluginSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
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

/** Injection, saving and reaping against real containers of the busybox test image. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionStateIT {

    private static final String HOME = "/home/code";
    private static final Instant EARLY = Instant.parse("2026-01-01T00:00:00Z");
    /** Ahead, but not so far that the vault takes it for a planted expiry. */
    private static final Instant LATE = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private IncusClient client;
    private TestInstances instances;

    private Path hostHome;
    private Path coiHome;

    private final RecordingProgress progress = new RecordingProgress();
    private final TestTool tool = new TestTool();
    private SessionFinisher finisher;

    @BeforeAll
    void connect() {
        client = IncusClient.local(null);
        instances = new TestInstances(client);
    }

    @AfterAll
    void deleteContainers() {
        instances.close();
    }

    /** Each test its own host home and coi home; the class's containers are shared with nobody either. */
    @BeforeEach
    void finisher(@TempDir Path host, @TempDir Path coi) {
        hostHome = host;
        coiHome = coi;
        PluginRegistry plugins = new PluginRegistry(List.of(new LoadedPlugin("test-tool", "1", "a test tool",
                PluginSource.BUNDLED, Optional.empty(), List.of(tool))), List.of());
        finisher = new SessionFinisher(client, plugins, coiHome, hostHome, progress);
    }

    /** A labelled session container, running, with the tool's files injected. */
    private SessionContainer launch(boolean persistent) throws Exception {
        return launch(persistent, Optional.empty());
    }

    private SessionContainer launch(boolean persistent, Optional<SavedSession> resumed) throws Exception {
        String name = instances.newName();
        client.create(InstanceSpec.fromFingerprint(name, TestImage.fingerprint(client)).withStart(true)
                .withConfig(Map.of(
                        SessionLabels.SESSION_ID, UUID.randomUUID().toString(),
                        SessionLabels.WORKSPACE, "/tmp/workspace-of-" + name,
                        SessionLabels.PERSISTENT, Boolean.toString(persistent),
                        SessionLabels.TOOL, TestTool.NAME,
                        SessionLabels.IMAGE, TestImage.ALIAS,
                        SessionLabels.UID, "1000",
                        SessionLabels.HOME, HOME)));
        TestInstances.awaitInit(client, name);
        hostFile(".tool/creds.json", "valid-until:" + EARLY);
        new ToolStateInjector(tool, hostHome, new CredentialVault(coiHome, TestTool.NAME), progress)
                .inject(new IncusContainerHandle(client, name), HOME, 1000, 1000, resumed);
        return current(name);
    }

    private SessionContainer current(String name) {
        return SessionContainer.of(client.instance(name).orElseThrow());
    }

    private void hostFile(String relative, String content) throws Exception {
        Path file = hostHome.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private String sh(String name, String script) {
        CommandResult result = client.exec(name, List.of("sh", "-c", script), new ExecOptions(1000, 1000, HOME, Map.of()));
        assertEquals(0, result.exitCode(), result.stderr());
        return result.stdout();
    }

    private Path saved(SessionContainer container) {
        return new SessionStore(coiHome, TestTool.NAME).sessionDirectory(container.sessionId().orElseThrow());
    }

    @Test
    void injectsOnlyTheNamedFilesOwnedByTheUserWithPrivateModes() throws Exception {
        hostFile(".tool/settings.json", "{\"model\": \"big\"}");
        hostFile(".tool/config.yml", "theme: dark\n");
        hostFile(".tool/history.jsonl", "not for the container");
        hostFile(".ssh/id_ed25519", "PRIVATE KEY");
        hostFile(".gitconfig", "[user]\n");

        SessionContainer container = launch(false);

        String listing = sh(container.name(), "cd " + HOME + " && find . -exec stat -c '%n %u:%g %a' {} + | sort");
        assertEquals(List.of(
                ". 1000:1000 755",
                "./.tool 1000:1000 700",
                "./.tool.json 1000:1000 600",
                "./.tool/config.yml 1000:1000 600",
                "./.tool/creds.json 1000:1000 600",
                "./.tool/settings.json 1000:1000 600"), Arrays.asList(listing.strip().split("\n")));
        assertTrue(sh(container.name(), "cat " + HOME + "/.tool/settings.json").contains("\"model\" : \"big\""));
    }

    @Test
    void savesARunningContainerKeepingRefreshedCredentialsInTheVaultOnly() throws Exception {
        SessionContainer container = launch(false);
        sh(container.name(), "mkdir -p .tool/projects && echo turn-1 > .tool/projects/c.jsonl"
                + " && echo valid-until:" + LATE + " > .tool/creds.json");

        assertTrue(finisher.save(container));

        Path folder = saved(container);
        assertEquals("turn-1\n", Files.readString(folder.resolve(".tool/projects/c.jsonl")));
        assertFalse(Files.exists(folder.resolve(".tool/creds.json")));
        assertEquals(Optional.of(LATE), new CredentialVault(coiHome, TestTool.NAME).validUntil(tool, TestTool.CREDENTIALS));
        SessionMetadata metadata = new SessionStore(coiHome, TestTool.NAME).find(container.sessionId().orElseThrow())
                .orElseThrow().metadata().orElseThrow();
        assertEquals(container.name(), metadata.containerName());
        assertEquals("/tmp/workspace-of-" + container.name(), metadata.workspace());
        assertEquals(TestImage.ALIAS, metadata.image());
        assertFalse(metadata.persistent());
        assertTrue(current(container.name()).isRunning());
    }

    @Test
    void aResumedSessionStartsFromTheSavedStateOwnedByTheUser() throws Exception {
        SessionContainer first = launch(false);
        sh(first.name(), "mkdir -p .tool/projects && echo turn-1 > .tool/projects/c.jsonl && chmod 755 .tool");
        finisher.end(first, STOP_TIMEOUT);
        Optional<SavedSession> session = new SessionStore(coiHome, TestTool.NAME).find(first.sessionId().orElseThrow());

        SessionContainer second = launch(false, session);

        String listing = sh(second.name(), "cd " + HOME + "/.tool && find . -exec stat -c '%n %u:%g %a' {} + | sort");
        assertEquals(List.of(
                ". 1000:1000 700",
                "./creds.json 1000:1000 600",
                "./projects 1000:1000 755",
                "./projects/c.jsonl 1000:1000 644",
                "./settings.json 1000:1000 600"), Arrays.asList(listing.strip().split("\n")));
        assertEquals("turn-1\n", sh(second.name(), "cat .tool/projects/c.jsonl"));
    }

    @Test
    void savesAStoppedContainerReplacingTheOlderSave() throws Exception {
        SessionContainer container = launch(true);
        sh(container.name(), "mkdir -p .tool/projects && echo turn-1 > .tool/projects/c.jsonl");
        assertTrue(finisher.save(container));
        sh(container.name(), "echo turn-2 > .tool/projects/c.jsonl && echo new > .tool/projects/d.jsonl");
        client.stop(container.name(), STOP_TIMEOUT, false);

        assertTrue(finisher.save(current(container.name())));

        Path folder = saved(container);
        assertEquals("turn-2\n", Files.readString(folder.resolve(".tool/projects/c.jsonl")));
        assertEquals("new\n", Files.readString(folder.resolve(".tool/projects/d.jsonl")));
        try (var entries = Files.list(folder)) {
            assertEquals(List.of(".tool", "metadata.json"),
                    entries.map(entry -> entry.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aSaveThatFindsNoStateKeepsTheOlderOne() throws Exception {
        SessionContainer container = launch(false);
        sh(container.name(), "mkdir -p .tool/projects && echo turn-1 > .tool/projects/c.jsonl");
        assertTrue(finisher.save(container));
        sh(container.name(), "rm -rf .tool");
        SessionStore store = new SessionStore(coiHome, TestTool.NAME);
        SessionMetadata older = store.find(container.sessionId().orElseThrow()).orElseThrow().metadata().orElseThrow()
                .savedAt(java.time.OffsetDateTime.parse("2026-01-01T10:00:00+01:00"));
        store.writeMetadata(older);

        assertFalse(finisher.save(container));

        assertEquals("turn-1\n", Files.readString(saved(container).resolve(".tool/projects/c.jsonl")));
        assertEquals(Optional.of(older), store.find(container.sessionId().orElseThrow()).orElseThrow().metadata());
        assertTrue(progress.infos.stream().anyMatch(info -> info.contains("the older save is kept")), progress.infos.toString());
    }

    /**
     * Incus cannot copy a FIFO: reading one blocks until the request times out. A short timeout makes that a
     * quick real failure; writing into the FIFO afterwards releases the reader Incus left behind.
     */
    @Test
    void aFailedPullKeepsTheOlderSave() throws Exception {
        SessionContainer container = launch(false);
        sh(container.name(), "mkdir -p .tool/projects && echo turn-1 > .tool/projects/c.jsonl");
        assertTrue(finisher.save(container));
        sh(container.name(), "echo turn-2 > .tool/projects/c.jsonl && busybox mkfifo .tool/pipe");
        IncusClient impatient = new IncusClient(SocketLocator.ofSystem().locate(null), Duration.ofSeconds(2),
                IncusClient.DEFAULT_OPERATION_TIMEOUT);
        PluginRegistry plugins = new PluginRegistry(List.of(new LoadedPlugin("test-tool", "1", "a test tool",
                PluginSource.BUNDLED, Optional.empty(), List.of(tool))), List.of());

        boolean saved;
        try {
            saved = new SessionFinisher(impatient, plugins, coiHome, hostHome, progress).save(container);
        } finally {
            // frees a pull still reading the pipe; whether one still was (exit 0), had just gone (141, SIGPIPE) or
            // never came (124, timed out) is not what this test is about
            client.exec(container.name(), List.of("sh", "-c", "busybox timeout 10 sh -c 'echo > .tool/pipe'"),
                    new ExecOptions(1000, 1000, HOME, Map.of()));
        }

        assertFalse(saved);
        Path folder = saved(container);
        assertEquals("turn-1\n", Files.readString(folder.resolve(".tool/projects/c.jsonl")));
        try (var entries = Files.list(folder)) {
            assertEquals(List.of(".tool", "metadata.json"),
                    entries.map(entry -> entry.getFileName().toString()).sorted().toList());
        }
        assertTrue(progress.warnings.stream().anyMatch(warning -> warning.contains("the older save, if any, is kept")),
                progress.warnings.toString());
    }

    @Test
    void endingAnEphemeralSessionSavesAndDeletesItAndAPersistentOneIsKept() throws Exception {
        SessionContainer ephemeral = launch(false);
        SessionContainer persistent = launch(true);
        sh(ephemeral.name(), "mkdir -p .tool && echo e > .tool/state");
        sh(persistent.name(), "mkdir -p .tool && echo p > .tool/state");

        finisher.end(ephemeral, STOP_TIMEOUT);
        finisher.end(persistent, STOP_TIMEOUT);

        assertTrue(client.instance(ephemeral.name()).isEmpty());
        assertEquals("e\n", Files.readString(saved(ephemeral).resolve(".tool/state")));
        assertTrue(current(persistent.name()).isRunning());
        assertEquals("p\n", Files.readString(saved(persistent).resolve(".tool/state")));
    }

    @Test
    void reapsStoppedEphemeralContainersAfterSavingThemAndLeavesTheOthers() throws Exception {
        SessionContainer stoppedEphemeral = launch(false);
        SessionContainer stoppedPersistent = launch(true);
        SessionContainer runningEphemeral = launch(false);
        sh(stoppedEphemeral.name(), "mkdir -p .tool && echo last-words > .tool/state");
        client.stop(stoppedEphemeral.name(), STOP_TIMEOUT, false);
        client.stop(stoppedPersistent.name(), STOP_TIMEOUT, false);

        int reaped = finisher.reapStopped(List.of(current(stoppedEphemeral.name()), current(stoppedPersistent.name()),
                current(runningEphemeral.name())));

        assertEquals(1, reaped);
        assertTrue(client.instance(stoppedEphemeral.name()).isEmpty());
        assertEquals("last-words\n", Files.readString(saved(stoppedEphemeral).resolve(".tool/state")));
        assertEquals("Stopped", client.instance(stoppedPersistent.name()).orElseThrow().status());
        assertTrue(current(runningEphemeral.name()).isRunning());
    }
}
