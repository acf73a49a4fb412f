package dev.coi.kernel.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.cli.CoiTerminal;
import dev.coi.kernel.incus.InstanceSpec;
import dev.coi.kernel.incus.TestImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to {@code coi shell}: a clear error, a non-zero exit, and no container left behind. */
class SessionErrorsIT {

    @TempDir
    Path root;

    private SessionTestBed bed;

    @BeforeEach
    void setUp() {
        bed = new SessionTestBed(root);
    }

    @AfterEach
    void tearDown() {
        bed.close();
    }

    @Test
    void anUnknownSessionIdIsAnError() {
        CoiTerminal coi = bed.run(bed.shellArgs("--resume=no-such-session"));

        assertFailed(coi, "no-such-session");
        assertEquals(List.of(), bed.containers());
    }

    @Test
    void aMissingImageIsAnErrorThatSaysHowToBuildOne() {
        String missing = bed.prefix + "no-such-image";
        CoiTerminal coi = bed.run("shell", "--image", missing);

        assertFailed(coi, missing);
        assertTrue(coi.history().contains("coi build"), coi::history);
        assertEquals(List.of(), bed.containers());
    }

    @Test
    void badMountsAreErrors() throws Exception {
        CoiTerminal relative = bed.run(bed.shellArgs("--mount", "relative/data:/data"));
        assertFailed(relative, "relative/data");

        Path data = Files.createDirectories(root.resolve("data"));
        CoiTerminal nested = bed.run(bed.shellArgs("--mount", data + ":/data", "--mount",
                data.resolve("sub") + ":/data/sub"));
        assertFailed(nested, "/data/sub");

        CoiTerminal noTarget = bed.run(bed.shellArgs("--mount", data.toString()));
        assertFailed(noTarget, data.toString());
        assertEquals(List.of(), bed.containers());
    }

    @Test
    void thereIsNoEleventhSlot() {
        String busybox = TestImage.fingerprint(bed.incus);
        List<String> taken = new ArrayList<>();
        for (int slot = 1; slot <= ContainerNames.MAX_SLOTS; slot++) {
            taken.add(bed.containerName(slot));
            bed.incus.create(InstanceSpec.fromFingerprint(bed.containerName(slot), busybox));
        }

        CoiTerminal full = bed.run(bed.shellArgs());
        assertFailed(full, "10");

        CoiTerminal eleventh = bed.run(bed.shellArgs("--slot", "11"));
        assertFailed(eleventh, "11");
        assertEquals(taken.stream().sorted().toList(), bed.containers().stream().sorted().toList(),
                "no container was added, and the ones there were left alone");
    }

    private static void assertFailed(CoiTerminal coi, String mentioned) {
        int code = coi.exitCode().orElseThrow();
        String screen = coi.history();
        assertNotEquals(0, code, screen);
        assertTrue(code == 1 || code == 2, "exit code " + code + "\n" + screen);
        assertTrue(screen.contains("Error"), "says it is an error:\n" + screen);
        assertTrue(screen.contains(mentioned), "names what is wrong (" + mentioned + "):\n" + screen);
    }
}
