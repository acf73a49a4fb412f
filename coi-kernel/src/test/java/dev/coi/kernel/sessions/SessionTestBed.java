package dev.coi.kernel.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import dev.coi.kernel.cli.CoiTerminal;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.incus.TestInstances;
import dev.coi.kernel.network.Keepers;
import dev.coi.kernel.testing.ForeignFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an end-to-end session test works with: a user's home folder and a workspace of its own, coi run in real
 * terminals ({@link CoiTerminal}) with a container prefix of its own ({@code coi-it-<random>-}), the
 * stub-claude image ({@link SessionTestImage}) and the Incus client to look behind coi's back. Closing it
 * kills the terminals and deletes every container with its prefix, whatever the test left.
 */
public final class SessionTestBed implements AutoCloseable {

    /** From {@code coi shell} to the tool's prompt: the first start of a container from a big image is slow. */
    public static final Duration START = Duration.ofMinutes(3);
    /** For a session to end and be saved. */
    public static final Duration END = Duration.ofMinutes(2);
    /** For an answer of the tool. */
    public static final Duration ANSWER = Duration.ofSeconds(30);

    static final Pattern READY = Pattern.compile("stub-claude ready session=([0-9a-zA-Z-]+) turns=(\\d+)");

    /** The uid of the workspace's owner, the "host user" whose files the container's code user writes. */
    static final int HOST_UID = 1000;

    final IncusClient incus;
    public final String image;
    final String prefix;
    public final Path home;
    public final Path workspace;
    public final Map<String, String> environment = new HashMap<>();
    private final List<CoiTerminal> terminals = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();

    public SessionTestBed(Path root) {
        this.incus = IncusClient.local(null);
        this.image = stubImage(incus);
        this.prefix = TestInstances.PREFIX + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 4)
                + "-";
        this.home = root.resolve("home");
        this.workspace = root.resolve("workspace");
        try {
            Files.createDirectories(home);
            Files.createDirectories(workspace);
            // the container's code user (1000) writes as the workspace's owner: a non-root user, as on a laptop
            if ("root".equals(System.getProperty("user.name"))) {
                Files.setAttribute(workspace, "unix:uid", HOST_UID);
                Files.setAttribute(workspace, "unix:gid", HOST_UID);
                // and can reach it, as a user reaches their own project
                Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        environment.put(ContainerNames.PREFIX_VARIABLE, prefix);
    }

    /**
     * The stub image, or one named by {@code -Dcoi.it.sessionImage=ALIAS} while working on these tests (an image
     * made by hand with {@code coi build custom ALIAS --base coi} and the two stub scripts), kept afterwards.
     */
    private static String stubImage(IncusClient incus) {
        String given = System.getProperty("coi.it.sessionImage", "");
        return given.isBlank() ? SessionTestImage.alias(incus) : given;
    }

    /** A new terminal in the workspace with this bed's home and environment. */
    CoiTerminal terminal() {
        CoiTerminal terminal = new CoiTerminal(home, workspace, environment);
        terminals.add(terminal);
        return terminal;
    }

    /** Starts {@code coi shell --image <stub> ARGS...} in a new terminal. */
    public CoiTerminal shell(String... args) {
        return terminal().start(shellArgs(args));
    }

    public String[] shellArgs(String... args) {
        List<String> all = new ArrayList<>(List.of("shell", "--image", image));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    /** Waits for the tool's prompt and returns the session id it runs. */
    public static String awaitReady(CoiTerminal terminal) {
        return terminal.awaitMatch(READY, START).group(1);
    }

    /** Runs {@code coi ARGS...} to its end in a new terminal and returns it, exit code in hand. */
    public CoiTerminal run(String... args) {
        CoiTerminal terminal = terminal().start(args);
        terminal.awaitExit(END);
        return terminal;
    }

    public String containerName(int slot) {
        return new ContainerNames(prefix).name(workspace, slot);
    }

    public Optional<Instance> container(int slot) {
        return incus.instance(containerName(slot));
    }

    /** Every container with this bed's prefix. */
    public List<String> containers() {
        return incus.instances().stream().map(Instance::name).filter(name -> name.startsWith(prefix)).toList();
    }

    Path sessionDirectory(String sessionId) {
        return sessionDirectory("claude", sessionId);
    }

    Path sessionDirectory(String tool, String sessionId) {
        return home.resolve(".coi/sessions-" + tool).resolve(sessionId);
    }

    /** The turns stub-claude recorded in the saved session. */
    List<String> savedTurns(String sessionId) {
        Path conversation = sessionDirectory(sessionId).resolve(".claude/projects/-workspace/" + sessionId + ".jsonl");
        try {
            return Files.exists(conversation) ? Files.readAllLines(conversation) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode metadata(String sessionId) {
        return metadata("claude", sessionId);
    }

    JsonNode metadata(String tool, String sessionId) {
        try {
            return json.readTree(sessionDirectory(tool, sessionId).resolve("metadata.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code coi tmux capture} until what it prints matches: the tool starts on its own time. */
    Matcher awaitCaptured(String regex, String container) {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + START.toNanos();
        CoiTerminal capture = terminal();
        String last = "";
        while (System.nanoTime() < deadline) {
            capture.start("tmux", "capture", container);
            capture.awaitExit(END);
            last = capture.history();
            Matcher matcher = pattern.matcher(last);
            if (matcher.find()) {
                return matcher;
            }
        }
        throw new AssertionError("coi tmux capture never showed /" + regex + "/; last:\n" + last);
    }

    /** Leaves the stub and powers the container off from its shell, as a user ends a session. */
    public static void powerOff(CoiTerminal terminal) {
        terminal.type("/exit");
        terminal.awaitScreen("stub-claude: bye", ANSWER);
        terminal.type("sudo poweroff");
    }

    /** Runs a command as root in a session container. */
    CommandResult exec(String container, String script) {
        return incus.execOnce(container, List.of("bash", "-c", script), ExecOptions.asRoot());
    }

    /** As root, gives a tree to the host user, as files of their own project are theirs. */
    static void ownByHostUser(Path directory) throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.toList()) {
                Files.setAttribute(path, "unix:uid", HOST_UID, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", HOST_UID, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    /** Waits until a container of this bed is gone, e.g. after the session ended. */
    public void awaitGone(String container, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (incus.instance(container).isPresent()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("container " + container + " still exists after " + timeout + ": "
                        + incus.instance(container).map(Instance::status).orElse("gone"));
            }
            pause();
        }
    }

    /** Waits until {@code done}, for at most the timeout; then fails with what {@code failure} says. */
    static void await(Duration timeout, BooleanSupplier done, Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure.get());
            }
            pause();
        }
    }

    /** What the keeper of this bed's home logged, for a failure's message. */
    String keeperLog() {
        try {
            Path log = home.resolve(".coi/logs/keeper.log");
            return Files.exists(log) ? Files.readString(log) : "(no keeper log)";
        } catch (IOException e) {
            return "(keeper log unreadable: " + e + ")";
        }
    }

    static String field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null ? null : value.asText();
    }

    static Matcher turn(CoiTerminal terminal, String said, int turn) {
        return terminal.awaitMatch(Pattern.compile(Pattern.quote("stub-claude: you said " + said + " (turn " + turn + ")")),
                ANSWER);
    }

    public static void assertExit(int expected, CoiTerminal terminal) {
        assertEquals(expected, terminal.awaitExit(END), terminal::history);
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        terminals.forEach(CoiTerminal::close);
        for (String name : containers()) {
            try {
                incus.deleteForcibly(name);
            } catch (IncusException e) {
                System.err.println("could not delete " + name + ": " + e.getMessage());
            }
        }
        Keepers.awaitEnd(home);
        ForeignFiles.removeIfAny(workspace);
    }
}
