package dev.coi.kernel.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.cli.CoiTerminal;
import dev.coi.kernel.incus.InstanceSpec;
import dev.coi.kernel.incus.TestImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
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
    void thereIsNoSlotAfterTheLast() {
        String busybox = TestImage.fingerprint(bed.incus);
        List<String> taken = IntStream.rangeClosed(1, ContainerNames.MAX_SLOTS).mapToObj(bed::containerName).toList();
        // in parallel: one after the other, a hundred creates take long
        taken.parallelStream().forEach(name -> bed.incus.create(InstanceSpec.fromFingerprint(name, busybox)));

        CoiTerminal full = bed.run(bed.shellArgs());
        assertFailed(full, "all " + ContainerNames.MAX_SLOTS + " slots");

        CoiTerminal beyond = bed.run(bed.shellArgs("--slot", Integer.toString(ContainerNames.MAX_SLOTS + 1)));
        assertFailed(beyond, Integer.toString(ContainerNames.MAX_SLOTS + 1));
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
