package dev.coi.kernel.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTreesTest {

    @TempDir
    Path temp;

    @Test
    void findsAnEntryBelowRealFolders() throws Exception {
        Path root = Files.createDirectories(temp.resolve("copy/auth"));
        assertEquals(Optional.of(root.resolve("creds.json")), LocalTrees.below(temp.resolve("copy"), "auth/creds.json"));
        assertEquals(Optional.of(temp.resolve("copy/creds.json")), LocalTrees.below(temp.resolve("copy"), "creds.json"));
    }

    @Test
    void refusesALinkOnTheWayAtTheRootOrAPathLeavingIt() throws Exception {
        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
        Path copy = Files.createDirectories(temp.resolve("copy"));
        Files.createSymbolicLink(copy.resolve("auth"), elsewhere);
        Files.createSymbolicLink(temp.resolve("linked"), elsewhere);

        assertEquals(Optional.empty(), LocalTrees.below(copy, "auth/creds.json"));
        assertEquals(Optional.empty(), LocalTrees.below(temp.resolve("linked"), "creds.json"));
        assertEquals(Optional.empty(), LocalTrees.below(copy, "../elsewhere/creds.json"));
    }

    @Test
    void deletesFromAReadOnlyFolderButNotThroughALink() throws Exception {
        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("creds.json"), "host");
        Path copy = Files.createDirectories(temp.resolve("copy/own"));
        Files.writeString(copy.resolve("creds.json"), "copied");
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("r-x------"));
        Files.createSymbolicLink(temp.resolve("copy/auth"), elsewhere);

        LocalTrees.deleteBelow(temp.resolve("copy"), "own/creds.json");
        LocalTrees.deleteBelow(temp.resolve("copy"), "auth/creds.json");
        LocalTrees.deleteBelow(temp.resolve("copy"), "missing/creds.json");

        assertFalse(Files.exists(copy.resolve("creds.json")));
        assertTrue(Files.exists(elsewhere.resolve("creds.json")));
    }
}
