package dev.coi.kernel.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import dev.coi.kernel.cli.CliRun;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.incus.TestImage;
import dev.coi.kernel.incus.TestInstances;
import dev.coi.kernel.network.Keepers;
import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.SessionTestImage;
import dev.coi.kernel.sessions.TestWorkspaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * The reference tool's session semantics (reference-behaviour.md §4.2 run, §4.3 attach, §4.5 info, §4.8 shutdown,
 * §4.13 file pull, §4.14 tmux) as a script sees them: each command's exit code and the words it keys on, against
 * real containers. Session containers come from the stub-claude image ({@link SessionTestImage}, or the one
 * {@code -Dcoi.it.sessionImage=ALIAS} names); plain containers from the busybox test image.
 */
class SessionSemanticsCompatIT {

    private static final Duration ANSWER = Duration.ofSeconds(30);

    @TempDir
    Path root;

    private final IncusClient incus = IncusClient.local(null);
    private final String prefix = TestInstances.PREFIX + "sem" + HexFormat.of().toHexDigits(ThreadLocalRandom.current()
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

    private CliRun coi(String... args) {
        return CliRun.of(home, environment, args);
    }

    private static String sessionImage() {
        String given = System.getProperty("coi.it.sessionImage", "");
        return given.isBlank() ? SessionTestImage.alias(IncusClient.local(null)) : given;
    }

    private String slot(int slot) {
        return new ContainerNames(prefix).name(workspace, slot);
    }

    private boolean exists(String name) {
        return incus.instance(name).isPresent();
    }

    /** A plain container as {@code coi container launch} makes it, ready for a graceful stop. */
    private String launched() {
        String name = prefix + "box";
        CliRun launch = coi("container", "launch", TestImage.alias(incus), name);
        assertEquals(0, launch.exitCode(), launch::toString);
        TestInstances.awaitInit(incus, name);
        return name;
    }

    /** §4.8: graceful stop, then delete, for a container coi shell did not make too. */
    @Test
    void shutdownStopsAndDeletesAContainerMadeByContainerLaunch() {
        String name = launched();

        CliRun shutdown = coi("shutdown", "--timeout", "20", name);

        assertEquals(0, shutdown.exitCode(), shutdown::toString);
        assertTrue(shutdown.err().contains("Shutting down container " + name + " (timeout: 20s)...\n"
                + "  Attempting graceful shutdown...\n"), shutdown::toString);
        assertTrue(shutdown.err().contains("  ✓ Shutdown " + name + "\n"), shutdown::toString);
        assertTrue(shutdown.err().contains("\nShutdown 1 container(s)\n"), shutdown::toString);
        assertFalse(exists(name), "the container is deleted after the shutdown");
    }

    @Test
    void shutdownDeletesAContainerThatIsAlreadyStopped() {
        String name = launched();
        incus.stop(name, Duration.ZERO, true);

        CliRun shutdown = coi("shutdown", name);

        assertEquals(0, shutdown.exitCode(), shutdown::toString);
        assertTrue(shutdown.err().contains("  ✓ Shutdown " + name + "\n"), shutdown::toString);
        assertFalse(exists(name));
    }

    @Test
    void shutdownOfAMissingContainerFailsWithTheReferencesWords() {
        CliRun shutdown = coi("shutdown", prefix + "none");

        assertEquals(1, shutdown.exitCode(), shutdown::toString);
        assertTrue(shutdown.err().contains("Container " + prefix + "none does not exist"), shutdown::toString);
        assertTrue(shutdown.err().contains("\nNo containers were shutdown\n"), shutdown::toString);
        assertTrue(shutdown.err().contains("Error: failed to shutdown specified containers"), shutdown::toString);
    }

    /** §4.8 and the README: "graceful stop with session save, then delete", a persistent session too. */
    @Test
    void shutdownSavesAPersistentSessionThenDeletesItsContainer() throws Exception {
        String name = backgroundSession("--persistent");
        String id = incus.instance(name).orElseThrow().config().get("user.coi.session");

        CliRun shutdown = coi("shutdown", "--timeout", "20", name);

        assertEquals(0, shutdown.exitCode(), shutdown::toString);
        assertTrue(shutdown.err().contains("  ✓ Shutdown " + name + "\n"), shutdown::toString);
        assertFalse(exists(name), shutdown::toString);
        Path metadata = home.resolve(".coi/sessions-claude").resolve(id).resolve("metadata.json");
        assertTrue(Files.readString(metadata).replaceAll("\\s", "").contains("\"persistent\":true"),
                "resuming it is persistent again");
    }

    /** §4.13: a script looks for "not found" and exit 1; the destination is left alone. */
    @Test
    void filePullOfAMissingFileSaysNotFoundAndExitsOne() throws Exception {
        String name = launched();
        Path destination = home.resolve("kept.txt");
        Files.writeString(destination, "mine");

        CliRun pull = coi("file", "pull", name + ":/no/such/file", destination.toString());

        assertEquals(1, pull.exitCode(), pull::toString);
        assertTrue(pull.err().startsWith("Error: file not found: " + name + ":/no/such/file"), pull::toString);
        assertEquals("mine", Files.readString(destination));

        CliRun noContainer = coi("file", "pull", prefix + "none:/etc/hostname", destination.toString());
        assertEquals(1, noContainer.exitCode(), noContainer::toString);
        assertTrue(noContainer.err().contains("not found"), noContainer::toString);
    }

    /** §4.3: {@code container N not found or not running}, exit 1, for a missing and for a stopped slot. */
    @Test
    void attachToASlotThatDoesNotRunSaysNotFoundOrNotRunning() {
        CliRun missing = coi("attach", "--slot", "3", "-w", workspace.toString());

        assertEquals(1, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("container " + slot(3) + " not found or not running"), missing::toString);

        String stopped = slot(4);
        CliRun launch = coi("container", "launch", TestImage.alias(incus), stopped);
        assertEquals(0, launch.exitCode(), launch::toString);
        incus.stop(stopped, Duration.ZERO, true);
        CliRun notRunning = coi("attach", "--slot", "4", "-w", workspace.toString());

        assertEquals(1, notRunning.exitCode(), notRunning::toString);
        assertTrue(notRunning.err().contains("container " + stopped + " not found or not running"),
                notRunning::toString);
    }

    /** §3, §4.14: the tmux session {@code coi-<container>} of the code user, driven by coi tmux. */
    @Test
    void tmuxListSendAndCaptureWorkOnTheSessionOfCoiShell() {
        String name = backgroundSession();
        String session = "coi-" + name;
        CommandResult asCode = incus.exec(name, List.of("tmux", "has-session", "-t", "=" + session),
                new ExecOptions(1000, 1000, "/workspace", Map.of("HOME", "/home/code")));
        assertEquals(0, asCode.exitCode(), asCode::toString);

        CliRun list = coi("tmux", "list");
        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(list.out().startsWith("Active sessions:\n"), list::toString);
        assertTrue(list.out().contains("  - " + name + " (tmux session: " + session + ")\n"), list::toString);

        awaitScreen(name, "stub-claude ready");
        CliRun send = coi("tmux", "send", name, "hello from a script");
        assertEquals(0, send.exitCode(), send::toString);
        assertEquals("Sent command to session " + session + "\n", send.out());
        awaitScreen(name, "you said hello from a script");
    }

    @Test
    void tmuxSendToAStoppedContainerSaysItIsNotRunning() {
        String session = slot(1);
        CliRun launch = coi("container", "launch", TestImage.alias(incus), session);
        assertEquals(0, launch.exitCode(), launch::toString);
        incus.stop(session, Duration.ZERO, true);

        CliRun send = coi("tmux", "send", session, "x");

        assertEquals(1, send.exitCode(), send::toString);
        assertTrue(send.err().contains("container " + session + " is not running"), send::toString);
    }

    /** §4.5 and §5 step 10: the session's metadata is written when it starts, so info shows it at once. */
    @Test
    void infoWithoutAnIdShowsTheSessionJustStarted() {
        String name = backgroundSession();
        String id = incus.instance(name).orElseThrow().config().get("user.coi.session");

        CliRun info = coi("info");

        assertEquals(0, info.exitCode(), info::toString);
        assertTrue(info.out().startsWith("Session Information\n===================\n\nSession ID:     " + id + "\n"),
                info::toString);
        assertTrue(info.out().contains("Container:      " + name + "\n"), info::toString);
    }

    @Test
    void runPassesArgumentsAsGivenAndRunsOneQuotedCommandOfSeveralLinesWithBash() {
        CliRun words = run("printf", "%s|", "two words", "$HOME");
        assertEquals(0, words.exitCode(), words::toString);
        assertEquals("two words|$HOME|", words.out(), "no shell between the words and the program");

        CliRun lines = run("cd /workspace\necho one\necho two | tr a-z A-Z");
        assertEquals(0, lines.exitCode(), lines::toString);
        assertEquals("one\nTWO\n", lines.out());

        assertTrue(lines.err().endsWith("\nCommand completed successfully\n"), lines::toString);

        CliRun failing = run("echo before; exit 7");
        assertEquals(7, failing.exitCode(), failing::toString);
        assertEquals("before\n", failing.out());
        assertTrue(failing.err().endsWith("\nCommand exited with code 7\n"), failing::toString);
        assertEquals(List.of(), containers(), "no container is left, also when the command fails");
    }

    /** §4.2: {@code --persistent} with the slot of an existing container starts that container again. */
    @Test
    void runPersistentInTheSlotOfAnExistingContainerRestartsIt() {
        CliRun first = run("--persistent", "--slot", "1", "echo kept > /home/code/mark");
        assertEquals(0, first.exitCode(), first::toString);
        assertFalse(incus.instance(slot(1)).orElseThrow().isRunning(), "a persistent run stops its container");

        CliRun second = run("--persistent", "--slot", "1", "cat", "/home/code/mark");

        assertEquals(0, second.exitCode(), second::toString);
        assertTrue(second.err().contains("Restarting existing persistent container " + slot(1) + "..."),
                second::toString);
        assertEquals("kept\n", second.out());
        assertEquals(List.of(slot(1)), containers());
    }

    @Test
    void runAcceptsCaptureAndFormatAndStopsTheCommandAtItsTimeout() {
        CliRun captured = run("--capture", "--format", "pretty", "echo", "captured");
        assertEquals(0, captured.exitCode(), captured::toString);
        assertEquals("captured\n", captured.out());

        long started = System.nanoTime();
        CliRun late = run("--timeout", "3", "sleep", "120");
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

        assertEquals(124, late.exitCode(), late::toString);
        assertTrue(late.err().contains("the command ran longer than --timeout 3s"), late::toString);
        assertTrue(seconds < 100, "stopped after " + seconds + " s");
        assertEquals(List.of(), containers());
    }

    private CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of("run", "-w", workspace.toString(), "--network", "open",
                "--image", sessionImage()));
        all.addAll(List.of(args));
        return coi(all.toArray(String[]::new));
    }

    private List<String> containers() {
        return incus.instances().stream().map(Instance::name).filter(n -> n.startsWith(prefix)).sorted().toList();
    }

    private String backgroundSession(String... flags) {
        List<String> all = new ArrayList<>(List.of("shell", "-w", workspace.toString(), "--background",
                "--network", "open", "--image", sessionImage()));
        all.addAll(List.of(flags));
        CliRun shell = coi(all.toArray(String[]::new));
        assertEquals(0, shell.exitCode(), shell::toString);
        return slot(1);
    }

    private void awaitScreen(String name, String expected) {
        long deadline = System.nanoTime() + ANSWER.toNanos();
        String screen = "";
        while (System.nanoTime() < deadline) {
            CliRun capture = coi("tmux", "capture", name);
            screen = capture.out();
            if (capture.exitCode() == 0 && screen.contains(expected)) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("'" + expected + "' did not show within " + ANSWER + ":\n" + screen);
    }
}
