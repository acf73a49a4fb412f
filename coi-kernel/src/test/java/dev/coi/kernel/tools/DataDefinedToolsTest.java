package dev.coi.kernel.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tool folders: later folders win by name, a broken file is reported and skipped. */
class DataDefinedToolsTest {

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

        DataDefinedTools loaded = DataDefinedTools.load(List.of(root.resolve("etc"), root.resolve("user"),
                root.resolve("missing")));

        assertEquals(List.of(), loaded.problems());
        assertEquals(List.of("only-system", "shared"), loaded.tools().stream().map(DataDefinedTool::name).toList());
        DataDefinedTool shared = loaded.tools().get(1);
        assertEquals("user-binary", shared.binary());
        assertEquals(users, shared.source());
    }

    @Test
    void aBrokenFileIsAProblemAndTheOthersStillLoad() throws Exception {
        tool("user", "good", "good");
        Path broken = Files.writeString(root.resolve("user/broken.toml"), "binary = \n");
        Files.writeString(root.resolve("user/notes.txt"), "not a tool");

        DataDefinedTools loaded = DataDefinedTools.load(List.of(root.resolve("user")));

        assertEquals(List.of("good"), loaded.tools().stream().map(DataDefinedTool::name).toList());
        assertEquals(1, loaded.problems().size());
        assertEquals(broken, loaded.problems().get(0).file());
        assertTrue(loaded.problems().get(0).getMessage().startsWith(broken + ":1:"), loaded.problems()::toString);
    }

    @Test
    void aBrokenUserFileHidesTheSystemsAndSaysSo() throws Exception {
        tool("etc", "shared", "system-binary");
        Files.createDirectories(root.resolve("user"));
        Files.writeString(root.resolve("user/shared.toml"), "binary = \"x\"\n");

        DataDefinedTools loaded = DataDefinedTools.load(List.of(root.resolve("etc"), root.resolve("user")));

        assertEquals(List.of(), loaded.tools());
        assertTrue(loaded.problems().get(0).getMessage().contains("command: missing"), loaded.problems()::toString);
    }
}
