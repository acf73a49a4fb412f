package dev.coi.kernel.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.ToolLaunch;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool files coi ships and the tool folders: later ones win by name, a broken file is reported and skipped.
 */
class DataDefinedToolsTest {

    /** A class loader that sees no jar of coi's. */
    private static final ClassLoader NOTHING_BUNDLED = new URLClassLoader(new URL[0], null);

    @TempDir
    Path root;

    private Path tool(String folder, String name, String binary) throws IOException {
        Path dir = Files.createDirectories(root.resolve(folder));
        return Files.writeString(dir.resolve(name + ".toml"), "binary = \"" + binary + "\"\n[command]\nnew = [\""
                + binary + "\"]\n");
    }

    @Test
    void theUsersFileReplacesTheSystemsOfTheSameName() throws Exception {
        tool("etc", "shared", "system-binary");
        tool("etc", "only-system", "a");
        Path users = tool("user", "shared", "user-binary");

        DataDefinedTools loaded = DataDefinedTools.load(NOTHING_BUNDLED, List.of(root.resolve("etc"), root.resolve("user"),
                root.resolve("missing")));

        assertEquals(List.of(), loaded.problems());
        assertEquals(List.of("only-system", "shared"), loaded.tools().stream().map(DataDefinedTool::name).toList());
        DataDefinedTool shared = loaded.tools().get(1);
        assertEquals("user-binary", shared.binary());
        assertEquals(users.toString(), shared.source());
    }

    @Test
    void aBrokenFileIsAProblemAndTheOthersStillLoad() throws Exception {
        tool("user", "good", "good");
        Path broken = Files.writeString(root.resolve("user/broken.toml"), "binary = \n");
        Files.writeString(root.resolve("user/notes.txt"), "not a tool");

        DataDefinedTools loaded = DataDefinedTools.load(NOTHING_BUNDLED, List.of(root.resolve("user")));

        assertEquals(List.of("good"), loaded.tools().stream().map(DataDefinedTool::name).toList());
        assertEquals(1, loaded.problems().size());
        assertEquals(broken.toString(), loaded.problems().get(0).file());
        assertTrue(loaded.problems().get(0).getMessage().startsWith(broken + ":1:"), loaded.problems()::toString);
    }

    @Test
    void aBrokenUserFileHidesTheSystemsAndSaysSo() throws Exception {
        tool("etc", "shared", "system-binary");
        Files.createDirectories(root.resolve("user"));
        Files.writeString(root.resolve("user/shared.toml"), "binary = \"x\"\n");

        DataDefinedTools loaded = DataDefinedTools.load(NOTHING_BUNDLED, List.of(root.resolve("etc"), root.resolve("user")));

        assertEquals(List.of(), loaded.tools());
        assertTrue(loaded.problems().get(0).getMessage().contains("command: missing"), loaded.problems()::toString);
    }

    @Test
    void theFilesAJarListsInItsIndexAreReadAndTheUsersFileOfTheSameNameReplacesOne() throws Exception {
        Path jar = Files.createDirectories(root.resolve("jar/META-INF/coi/tools"));
        Files.writeString(jar.resolve("index"), "# shipped\nshipped.toml\nreplaced.toml\nBad Name\n");
        Files.writeString(jar.resolve("shipped.toml"), "binary = \"shipped\"\n[command]\nnew = [\"shipped\"]\n");
        Files.writeString(jar.resolve("replaced.toml"), "binary = \"old\"\n[command]\nnew = [\"old\"]\n");
        tool("user", "replaced", "new");

        DataDefinedTools loaded = DataDefinedTools.load(new URLClassLoader(new URL[] {root.resolve("jar").toUri()
                .toURL()}, null), List.of(root.resolve("user")));

        assertEquals(List.of("replaced", "shipped"), loaded.tools().stream().map(DataDefinedTool::name).toList());
        assertEquals("new", loaded.tools().get(0).binary());
        DataDefinedTool shipped = loaded.tools().get(1);
        assertEquals(Optional.empty(), shipped.file());
        assertEquals("coi's shipped.toml", shipped.source());
        assertEquals(1, loaded.problems().size(), loaded.problems()::toString);
        assertTrue(loaded.problems().get(0).getMessage().contains("\"Bad Name\" is not a tool file name"),
                loaded.problems()::toString);
    }

    @Test
    void theToolsCoiShipsAsFilesAllRead() {
        DataDefinedTools loaded = DataDefinedTools.load(DataDefinedToolsTest.class.getClassLoader(), List.of());

        assertEquals(List.of(), loaded.problems());
        assertEquals(List.of("codex", "gemini", "opencode", "pi"),
                loaded.tools().stream().map(DataDefinedTool::name).toList());
        loaded.tools().forEach(tool -> {
            assertTrue(tool.instructionsFile().isPresent(), tool::toString);
            assertTrue(tool.imageInstallScript().orElseThrow().contains("npm install -g"), tool::toString);
        });
    }

    @Test
    void geminiResumesAChatItSavedAndStartsAnewUnderTheSameIdWhenItSavedNone() throws Exception {
        DataDefinedTool gemini = DataDefinedTools.load(DataDefinedToolsTest.class.getClassLoader(), List.of()).tools()
                .stream().filter(tool -> tool.name().equals("gemini")).findFirst().orElseThrow();
        String id = "0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
        Path saved = Files.createDirectories(root.resolve("saved/.gemini"));

        Optional<String> none = gemini.discoverSessionId(saved);
        assertEquals(List.of("gemini", "--skip-trust", "--session-id", id, "--yolo"),
                gemini.commandLine(ToolLaunch.resumed(id, none)));

        Path chats = Files.createDirectories(saved.resolve("tmp/0f3a/chats"));
        Files.writeString(chats.resolve("session-2026-12-07T10-00-0199a1b2.jsonl"), "{}\n");
        Optional<String> found = gemini.discoverSessionId(saved);
        assertEquals(Optional.of("0199a1b2"), found);
        assertEquals(List.of("gemini", "--skip-trust", "--resume", id, "--yolo"),
                gemini.commandLine(ToolLaunch.resumed(id, found)));
    }
}
