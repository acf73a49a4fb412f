package dev.coi.kernel.sessions.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.cli.CliRun;
import dev.coi.kernel.incus.ClaimedCommand;
import dev.coi.kernel.incus.ClaimedCommand;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.incus.TestInstances;
import dev.coi.kernel.network.Keepers;
import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.SessionTestImage;
import dev.coi.kernel.sessions.TestWorkspaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * coi run's claim ({@link ClaimedCommand}) in a real container: made before the command runs, through the wrapper that
 * also reads the environment file, gone when a persistent container stays; the command's input, output, exit codes
 * and signals unchanged by the wrapper; and a try Incus lost after it started the command followed, not repeated,
 * with the image's own shell and tools.
 */
class ClaimedRunIT {

    private static final List<String> PERSISTENT = List.of("--persistent", "--slot", "1");

    @TempDir
    Path root;

    private final IncusClient incus = IncusClient.local(null);
    private final String prefix = TestInstances.PREFIX + "mrk" + HexFormat.of().toHexDigits(ThreadLocalRandom.current()
            .nextInt()).substring(0, 4) + "-";
    private final Map<String, String> environment = new HashMap<>(Map.of(ContainerNames.PREFIX_VARIABLE, prefix));
    private Path home;
    private Path workspace;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(root.resolve("home"));
        workspace = TestWorkspaces.ownedByAUser(Files.createDirectories(root.resolve("workspace")));
    }

    @AfterEach
    void deleteContainers() {
        for (String name : incus.instances().stream().map(Instance::name).filter(n -> n.startsWith(prefix)).toList()) {
            try {
                incus.deleteForcibly(name);
            } catch (IncusException e) {
                System.err.println("could not delete " + name + ": " + e.getMessage());
            }
        }
        Keepers.awaitEnd(home);
    }

    @Test
    void theClaimExistsWhenTheCommandRunsAndAPersistentContainerKeepsNone() {
        String listMarkers = "cd \"$HOME\" && ls -a | grep '^\\.coi-run-' && echo \"$IS_SANDBOX\"";

        CliRun first = run(PERSISTENT, "sh", "-c", listMarkers);
        CliRun second = run(PERSISTENT, "sh", "-c", listMarkers);

        assertEquals(0, first.exitCode(), first::toString);
        assertEquals(0, second.exitCode(), second::toString);
        List<String> firstLines = first.out().lines().toList();
        List<String> secondLines = second.out().lines().toList();
        assertEquals(2, firstLines.size(), first::toString);
        assertEquals("1", firstLines.get(1), "the environment reaches the command through both wrappers");
        assertEquals(2, secondLines.size(), () -> "the first run's marker was removed: " + second);
        assertNotEquals(firstLines.get(0), secondLines.get(0), "a new name for every run");
    }

    @Test
    void theWrapperKeepsTheCommandsExitCodes() {
        CliRun notFound = run(List.of(), "no-such-command-here");
        CliRun notExecutable = run(List.of(), "sh", "-c", "exit 126");

        assertEquals(127, notFound.exitCode(), notFound::toString);
        assertEquals(126, notExecutable.exitCode(), notExecutable::toString);
    }

    /**
     * Inside one coi run, the wrapper run twice as Incus would run it: the first try's output goes to a pipe nobody
     * reads, the second comes while the command runs. The image's {@code sh}, {@code setsid}, {@code env} and
     * {@code tail} must do what the wrapper asks of them.
     */
    @Test
    void aTryWhoseOutputIsGoneIsFollowedNotRepeatedInTheImage() {
        // in the home: /tmp may still be emptied by the boot while the command runs
        ClaimedCommand claim = new ClaimedCommand("/home/code/claim-it", path -> { }, ClaimedCommand.FOLLOWER_WAIT);
        String lost = ShellQuoting.join(claim.wrap(List.of("sh", "-c", "echo ran >>/home/code/runs; for i in 1 2 3; do"
                + " echo line $i; echo warning $i >&2; sleep 0.3; done; exit 5"), false));
        String next = ShellQuoting.join(claim.wrap(List.of("sh", "-c", "echo ran >>/home/code/runs"), false));

        CliRun run = run(List.of(), "sh", "-c", "(" + lost + ") 2>&1 | true & sleep 0.4; " + next
                + "; echo \"rc=$?\"; cat /home/code/runs");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("line 1\nline 2\nline 3\nrc=5\nran\n", run.out(), run::toString);
        assertTrue(run.err().contains("warning 1\nwarning 2\nwarning 3\n"), run::toString);
    }

    private CliRun run(List<String> flags, String... command) {
        String image = System.getProperty("coi.it.sessionImage", "");
        List<String> all = new ArrayList<>(List.of("run", "-w", workspace.toString(), "--network", "open",
                "--image", image.isBlank() ? SessionTestImage.alias(incus) : image));
        all.addAll(flags);
        all.add("--");
        all.addAll(List.of(command));
        return CliRun.of(home, environment, all.toArray(String[]::new));
    }
}
