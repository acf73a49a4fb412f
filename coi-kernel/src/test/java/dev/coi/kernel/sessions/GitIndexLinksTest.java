package dev.coi.kernel.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitIndexLinksTest {

    /** An index of version 2 or 3 with these entries (mode, path), as git writes it. */
    static byte[] index(int version, Object... entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(12).putInt(0x44495243).putInt(version).putInt(entries.length / 2).array());
        String previous = "";
        for (int i = 0; i < entries.length; i += 2) {
            int mode = (Integer) entries[i];
            byte[] name = ((String) entries[i + 1]).getBytes(StandardCharsets.UTF_8);
            ByteBuffer fixed = ByteBuffer.allocate(62);
            fixed.position(24);
            fixed.putInt(mode);
            fixed.position(60);
            fixed.putShort((short) Math.min(name.length, 0xfff));
            out.writeBytes(fixed.array());
            if (version == 4) {
                byte[] old = previous.getBytes(StandardCharsets.UTF_8);
                int common = 0;
                while (common < old.length && common < name.length && old[common] == name[common]) {
                    common++;
                }
                out.write(old.length - common); // below 128: one byte
                out.write(name, common, name.length - common);
                out.write(0);
                previous = (String) entries[i + 1];
            } else {
                out.writeBytes(name);
                int length = 62 + name.length;
                out.writeBytes(new byte[(length / 8 + 1) * 8 - length]);
            }
        }
        out.writeBytes(new byte[20]);
        return out.toByteArray();
    }

    @Test
    void findsTheGitlinksAmongFilesOfVersion2() {
        byte[] index = index(2, 0100644, "README", 0160000, "libs/sub", 0100755, "run.sh", 0160000, "x");

        assertEquals(List.of("libs/sub", "x"), GitIndexLinks.of(index, 20));
    }

    @Test
    void readsThePrefixCompressedPathsOfVersion4() {
        byte[] index = index(4, 0100644, "libs/a.txt", 0160000, "libs/sub", 0160000, "libs/sub2", 0100644, "z");

        assertEquals(List.of("libs/sub", "libs/sub2"), GitIndexLinks.of(index, 20));
    }

    @Test
    void readsWhatGitWrites(@TempDir Path repository) throws Exception {
        assumeTrue(runs(repository, "git", "init", "-q"), "git is not installed");
        Files.createDirectories(repository.resolve("nested"));
        Files.writeString(repository.resolve("a-file-with-a-long-name.txt"), "x");
        String tree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"; // the empty tree, any object id does
        assertTrue(runs(repository, "git", "update-index", "--add", "--cacheinfo", "160000," + tree + ",nested"));
        assertTrue(runs(repository, "git", "add", "a-file-with-a-long-name.txt"));
        for (String version : List.of("2", "3", "4")) {
            assertTrue(runs(repository, "git", "update-index", "--index-version", version));

            assertEquals(List.of("nested"), GitIndexLinks.of(Files.readAllBytes(repository.resolve(".git/index")), 20),
                    "version " + version);
        }
    }

    private static boolean runs(Path directory, String... command) throws Exception {
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).inheritIO().start();
            return process.waitFor() == 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void somethingElseGivesNothing() {
        assertEquals(List.of(), GitIndexLinks.of("not an index".getBytes(StandardCharsets.UTF_8), 20));
        assertEquals(List.of(), GitIndexLinks.of(new byte[3], 20));
    }
}
