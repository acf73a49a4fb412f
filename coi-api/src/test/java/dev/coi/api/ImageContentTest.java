package dev.coi.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageContentTest {

    private static final ImageContent.File SCRIPT = new ImageContent.File("run.sh", new byte[] {'#', '!'}, 0755);

    @Test
    void aFileStaysInsideTheBuildDirectory() {
        assertThrows(IllegalArgumentException.class, () -> new ImageContent.File("/etc/passwd", new byte[0], 0644));
        assertThrows(IllegalArgumentException.class, () -> new ImageContent.File("ca/../../x", new byte[0], 0644));
        assertThrows(IllegalArgumentException.class, () -> new ImageContent.File("", new byte[0], 0644));
        assertEquals("ca/01-proxy.crt", new ImageContent.File("ca/01-proxy.crt", new byte[0], 0644).path());
    }

    @Test
    void theScriptIsOneOfTheFiles() {
        assertThrows(IllegalArgumentException.class, () -> new ImageContent(List.of(SCRIPT), "other.sh", Map.of()));
        assertEquals("run.sh", new ImageContent(List.of(SCRIPT), "run.sh", Map.of()).script());
    }

    @Test
    void aFileKeepsItsBytesToItselfAndEqualsByContent() {
        byte[] bytes = {1, 2};
        ImageContent.File file = new ImageContent.File("a", bytes, 0644);
        bytes[0] = 9;
        file.content()[1] = 9;

        assertEquals(new ImageContent.File("a", new byte[] {1, 2}, 0644), file);
        assertEquals(new ImageContent.File("a", new byte[] {1, 2}, 0644).hashCode(), file.hashCode());
    }

    @Test
    void aToolsNameBecomesPartOfAFileNameSoItIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> new ImageBuildRequest.Tool("../aider", "true", false));
        assertThrows(IllegalArgumentException.class, () -> new ImageBuildRequest.Tool(null, "true", false));
        assertEquals("aider", new ImageBuildRequest.Tool("aider", "pipx install aider-chat", false).name());
    }
}
