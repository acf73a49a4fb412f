package dev.coi.plugin.debian;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.ImageBuildException;
import dev.coi.api.ImageBuildRequest;
import dev.coi.api.ImageContent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentFilesTest {

    @TempDir
    Path dir;

    @Test
    void theCertificatesTheScriptAndTheToolStepsGoWhereTheScriptLooksForThem() throws IOException {
        Path proxy = Files.writeString(dir.resolve("proxy.pem"), "A");
        Path other = Files.createDirectories(dir.resolve("other"));
        Path sameName = Files.writeString(other.resolve("proxy.crt"), "B");
        ImageBuildRequest request = new ImageBuildRequest("0.2.0+abc", List.of(proxy, sameName),
                List.of(new ImageBuildRequest.Tool("claude", "npm install claude\n", true),
                        new ImageBuildRequest.Tool("aider", "pip install aider-chat\n", false)));

        List<ImageContent.File> files = ContentFiles.of(request);

        assertEquals(List.of("ca/01-proxy.crt", "ca/02-proxy.crt", "coi-image.sh", "tools.d/01-claude.sh",
                "tools.d/02-aider.sh", "tools.d/required"), files.stream().map(ImageContent.File::path).toList());
        assertEquals(List.of(0644, 0644, 0755, 0755, 0755, 0644),
                files.stream().map(ImageContent.File::mode).toList());
        assertArrayEquals("B".getBytes(StandardCharsets.UTF_8), files.get(1).content());
        assertArrayEquals("pip install aider-chat\n".getBytes(StandardCharsets.UTF_8), files.get(4).content());
        assertArrayEquals("claude\n".getBytes(StandardCharsets.UTF_8), files.get(5).content());
        assertTrue(new String(files.get(2).content(), StandardCharsets.UTF_8).startsWith("#!/bin/bash"));
    }

    @Test
    void noRequiredToolMakesAnEmptyList() {
        List<ImageContent.File> files = ContentFiles.tools(List.of(new ImageBuildRequest.Tool("aider", "x", false)));

        assertEquals(List.of("tools.d/01-aider.sh", "tools.d/required"),
                files.stream().map(ImageContent.File::path).toList());
        assertEquals(0, files.get(1).content().length);
    }

    @Test
    void aCertificateThatIsGoneFailsTheBuildSayingWhich() {
        Path gone = dir.resolve("gone.crt");

        ImageBuildException error = assertThrows(ImageBuildException.class,
                () -> ContentFiles.certificates(List.of(gone)));

        assertEquals("the CA certificate " + gone + " does not exist", error.getMessage());
    }

    @Test
    void theBaseIsTheOfflineOneAndItsContentRunsTheScriptWithTheVersionAndBase() {
        DebianImageBase base = new DebianImageBase();
        ImageContent content = base.content(new ImageBuildRequest("0.2.0+abc", List.of(), List.of()),
                "images:debian/12");

        assertEquals("offline", base.name());
        assertEquals("coi-image.sh", content.script());
        assertEquals(Map.of("COI_VERSION", "0.2.0+abc", "COI_BASE", "images:debian/12"), content.environment());
        assertEquals(List.of("coi-image.sh", "tools.d/required"),
                content.files().stream().map(ImageContent.File::path).toList());
    }
}
