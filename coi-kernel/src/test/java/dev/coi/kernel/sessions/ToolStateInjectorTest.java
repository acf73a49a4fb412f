package dev.coi.kernel.sessions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolStateInjectorTest {

    private static final String HOME = "/home/code";
    private static final Instant EARLY = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant LATE = Instant.parse("2026-06-01T00:00:00Z");

    @TempDir
    Path hostHome;
    @TempDir
    Path coiHome;

    private final FakeContainer container = new FakeContainer();
    private final RecordingProgress progress = new RecordingProgress();
    private CredentialVault vault;

    @BeforeEach
    void homeExistsInTheImage() {
        container.mkdir("/home");
        container.mkdir(HOME);
        vault = new CredentialVault(coiHome, TestTool.NAME, Clock.fixed(EARLY.minusSeconds(86400), ZoneOffset.UTC));
    }

    private void inject(Optional<SavedSession> resumed) {
        new ToolStateInjector(new TestTool(), hostHome, vault, progress).inject(container, HOME, 1000, 1000, resumed);
    }

    private Path hostFile(String relative, String content) throws Exception {
        Path file = hostHome.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private static JsonNode json(FakeContainer.Entry entry) throws Exception {
        return new ObjectMapper().readTree(entry.content());
    }

    @Test
    void copiesOnlyTheNamedFilesOwnedByTheUserAndPrivate() throws Exception {
        hostFile(".tool/creds.json", "valid-until:" + LATE);
        hostFile(".tool/config.yml", "theme: dark\n");
        hostFile(".tool/history.jsonl", "secret history");
        hostFile(".ssh/id_ed25519", "PRIVATE KEY");
        hostFile(".gitconfig", "[user]");

        inject(Optional.empty());

        assertEquals(Set.of("/home", HOME, HOME + "/.tool", HOME + "/.tool/creds.json", HOME + "/.tool/settings.json",
                HOME + "/.tool.json", HOME + "/.tool/config.yml"), container.files.keySet());
        FakeContainer.Entry directory = container.files.get(HOME + "/.tool");
        assertTrue(directory.directory());
        assertEquals(List.of(1000, 1000, 0700), List.of(directory.uid(), directory.gid(), directory.mode()));
        for (String file : List.of("/.tool/creds.json", "/.tool/settings.json", "/.tool.json", "/.tool/config.yml")) {
            FakeContainer.Entry entry = container.files.get(HOME + file);
            assertEquals(List.of(1000, 1000, 0600), List.of(entry.uid(), entry.gid(), entry.mode()), file);
        }
        assertEquals("theme: dark\n", container.files.get(HOME + "/.tool/config.yml").text());
        assertEquals(List.of(), progress.warnings);
    }

    @Test
    void mergesTheSandboxSettingsDeeplyKeepingTheUsersKeys() throws Exception {
        hostFile(".tool/settings.json", """
                {"model": "big", "permissions": {"allow": ["Bash(ls)"], "defaultMode": "ask", "deny": ["x"]},
                 "skipPrompts": false, "env": {"A": "1"}}
                """);

        inject(Optional.empty());

        JsonNode merged = json(container.files.get(HOME + "/.tool/settings.json"));
        assertEquals("big", merged.get("model").asText());
        assertEquals("1", merged.at("/env/A").asText());
        assertEquals("Bash(ls)", merged.at("/permissions/allow/0").asText());
        assertEquals("bypass", merged.at("/permissions/defaultMode").asText());
        assertTrue(merged.at("/permissions/deny").isArray());
        assertEquals(0, merged.at("/permissions/deny").size());
        assertTrue(merged.get("skipPrompts").asBoolean());
        JsonNode alone = json(container.files.get(HOME + "/.tool.json"));
        assertEquals(new ObjectMapper().readTree("""
                {"skipPrompts": true, "permissions": {"defaultMode": "bypass", "deny": []}}
                """), alone);
    }

    @Test
    void aSettingsFileThatIsNoJsonObjectGivesTheSandboxSettingsAloneAndAWarning() throws Exception {
        hostFile(".tool/creds.json", "valid-until:" + LATE);
        hostFile(".tool.json", "[1, 2]");
        hostFile(".tool/settings.json", "{ broken");

        inject(Optional.empty());

        assertEquals(Set.of("skipPrompts", "permissions"),
                Set.copyOf(iterable(json(container.files.get(HOME + "/.tool.json")).fieldNames())));
        assertEquals(Set.of("skipPrompts", "permissions"),
                Set.copyOf(iterable(json(container.files.get(HOME + "/.tool/settings.json")).fieldNames())));
        assertEquals(2, progress.warnings.size(), progress.warnings.toString());
        assertTrue(progress.warnings.get(0).startsWith("~/.tool/settings.json cannot be used as testtool settings: it is"
                + " not valid JSON: Unexpected character"), progress.warnings.get(0));
        assertEquals("~/.tool.json cannot be used as testtool settings: it holds a JSON array, not an object; the"
                + " container gets the sandbox settings alone", progress.warnings.get(1));
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    @Test
    void takesTheVaultsCredentialsWhenTheyAreGoodForLonger() throws Exception {
        hostFile(".tool/creds.json", "valid-until:" + EARLY);
        vault.offer(new TestTool(), TestTool.CREDENTIALS, TestTool.credentials(LATE));

        inject(Optional.empty());

        assertArrayEquals(TestTool.credentials(LATE), container.files.get(HOME + "/.tool/creds.json").content());
    }

    @Test
    void takesTheHostsCredentialsWhenTheyAreGoodForLonger() throws Exception {
        hostFile(".tool/creds.json", "valid-until:" + LATE);
        vault.offer(new TestTool(), TestTool.CREDENTIALS, TestTool.credentials(EARLY));

        inject(Optional.empty());

        assertArrayEquals(TestTool.credentials(LATE), container.files.get(HOME + "/.tool/creds.json").content());
    }

    @Test
    void neverTakesInvalidCredentialsOverValidOnes() throws Exception {
        hostFile(".tool/creds.json", "garbage");
        vault.offer(new TestTool(), TestTool.CREDENTIALS, TestTool.credentials(EARLY));

        inject(Optional.empty());

        assertArrayEquals(TestTool.credentials(EARLY), container.files.get(HOME + "/.tool/creds.json").content());
        assertEquals(List.of(), progress.warnings);
    }

    @Test
    void takesTheVaultsCredentialsWhenTheHostHasNone() throws Exception {
        vault.offer(new TestTool(), TestTool.CREDENTIALS, TestTool.credentials(EARLY));

        inject(Optional.empty());

        assertArrayEquals(TestTool.credentials(EARLY), container.files.get(HOME + "/.tool/creds.json").content());
    }

    @Test
    void copiesTheHostsCredentialsAsTheyAreWithAWarningWhenNothingIsValid() throws Exception {
        hostFile(".tool/creds.json", "unknown format");
        Files.createDirectories(vault.path(TestTool.CREDENTIALS).getParent());
        Files.writeString(vault.path(TestTool.CREDENTIALS), "also broken");

        inject(Optional.empty());

        assertEquals("unknown format", container.files.get(HOME + "/.tool/creds.json").text());
        assertEquals(1, progress.warnings.size());
        assertTrue(progress.warnings.getFirst().contains("does not look like valid"), progress.warnings.getFirst());
    }

    @Test
    void warnsWhenThereAreNoCredentialsAtAll() {
        inject(Optional.empty());

        assertFalse(container.files.containsKey(HOME + "/.tool/creds.json"));
        assertFalse(container.files.containsKey(HOME + "/.tool/config.yml"));
        assertEquals(1, progress.warnings.size());
        assertTrue(progress.warnings.getFirst().contains("no testtool credentials"), progress.warnings.getFirst());
    }

    @Test
    void restoresTheSavedStateFirstAndDoesNotTrustItsSettings() throws Exception {
        hostFile(".tool/settings.json", "{\"model\": \"host\"}");
        hostFile(".tool/creds.json", "valid-until:" + LATE);
        SessionStore store = new SessionStore(coiHome, TestTool.NAME);
        store.writeMetadata(new SessionMetadata("s-1", "coi-12345678-1", false, "/w", OffsetDateTime.now(),
                TestTool.NAME, "coi"));
        Path saved = Files.createDirectories(store.sessionDirectory("s-1").resolve(".tool/projects"));
        Files.writeString(saved.resolve("conversation.jsonl"), "{\"turn\": 1}\n");
        Files.writeString(saved.getParent().resolve("settings.json"), "{\"model\": \"planted\", \"hooks\": {}}");
        Files.setAttribute(saved.getParent(), "unix:mode", 0755);
        Files.writeString(saved.getParent().resolve("notes.md"), "notes");
        Files.setAttribute(saved.getParent().resolve("notes.md"), "unix:mode", 0640);
        Path hostSecret = hostFile(".ssh/id_ed25519", "PRIVATE KEY");
        Files.createSymbolicLink(saved.getParent().resolve("stolen"), hostSecret);

        inject(store.find("s-1"));

        assertEquals("{\"turn\": 1}\n", container.files.get(HOME + "/.tool/projects/conversation.jsonl").text());
        assertEquals(1000, container.files.get(HOME + "/.tool/projects/conversation.jsonl").uid());
        JsonNode settings = json(container.files.get(HOME + "/.tool/settings.json"));
        assertEquals("host", settings.get("model").asText());
        assertFalse(settings.has("hooks"));
        assertEquals(0700, container.files.get(HOME + "/.tool").mode());
        assertEquals(0640, container.files.get(HOME + "/.tool/notes.md").mode());
        assertFalse(container.files.containsKey(HOME + "/.tool/stolen"));
        assertArrayEquals(TestTool.credentials(LATE), container.files.get(HOME + "/.tool/creds.json").content());
    }
}
