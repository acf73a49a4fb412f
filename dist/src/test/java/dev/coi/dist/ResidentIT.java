package dev.coi.dist;

import static dev.coi.dist.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import dev.coi.kernel.images.build.OfflineTestImage;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.TestInstances;
import dev.coi.kernel.sessions.TestWorkspaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resident coi as a user meets it, from an unpacked tarball and a real Incus: the first command it serves runs
 * in a JVM of its own and starts it, the next ones are answered by it, and it ends when coi is upgraded or its
 * home is removed. That a command was answered by the resident is shown by breaking the JVM path
 * ({@code COI_JAVA_OPTIONS} with an option no JVM knows): only the resident can still answer.
 */
class ResidentIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern STARTED = Pattern.compile("resident started \\(pid (\\d+)\\)");
    private static final Map<String, String> NO_JVM = Map.of("COI_JAVA_OPTIONS", "-XX:+NoSuchOptionOfAnyJvm");

    @TempDir
    static Path unpacked;

    private static Path installation;
    private static IncusClient incus;

    @TempDir
    Path home;

    private final List<Long> residents = new ArrayList<>();
    private Map<String, String> user;

    @BeforeAll
    static void unpack() throws Exception {
        installation = BuiltTarball.unpack(unpacked);
        incus = IncusClient.local(null);
    }

    @BeforeEach
    void user() {
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        user = Map.of("HOME", home.toString(), "NO_COLOR", "1",
                "COI_CONTAINER_PREFIX", TestInstances.PREFIX + HexFormat.of().formatHex(random) + "-");
    }

    /** The residents end with their socket; then the home can go. */
    @AfterEach
    void stopResidents() throws Exception {
        Files.deleteIfExists(socket());
        for (long pid : residents) {
            Optional<ProcessHandle> resident = ProcessHandle.of(pid);
            if (resident.isPresent() && !awaitExit(resident.get())) {
                resident.get().destroyForcibly();
            }
        }
    }

    @Test
    void theFirstServedCommandStartsTheResidentWhichAnswersTheNextOnes() throws Exception {
        try (TestInstances instances = new TestInstances(incus)) {
            String container = instances.launch();

            CommandRun first = coi(user, "list");
            long pid = awaitResident();
            CommandRun served = coi(with(NO_JVM), "list");
            CommandRun exec = coi(with(NO_JVM), "container", "exec", container, "--capture", "--",
                    "sh", "-c", "echo out; echo err >&2; exit 3");
            CommandRun help = coi(with(NO_JVM), "help");
            CommandRun jvm = run(with(NO_JVM), installation.resolve("bin/coi-jvm").toString(), "list");

            assertEquals(0, first.exitCode(), first::toString);
            assertTrue(first.out().contains("Active Containers:"), first::toString);
            assertEquals(first.withCommand(served.command()), served, "the resident answers as the JVM did");
            assertEquals(0, exec.exitCode(), exec::toString);
            assertEquals(new ObjectMapper().readTree("{\"exit_code\":3,\"stderr\":\"err\\n\",\"stdout\":\"out\\n\"}"),
                    new ObjectMapper().readTree(exec.out()), exec::toString);
            assertNotEquals(0, jvm.exitCode(), () -> "no JVM starts with that option: " + jvm);
            assertNotEquals(0, help.exitCode(), () -> "help is not served, it goes to coi-jvm: " + help);
            assertTrue(ProcessHandle.of(pid).isPresent(), "the resident still runs");
            assertEquals(Path.of("/"), Files.readSymbolicLink(Path.of("/proc/" + pid + "/cwd")),
                    "it keeps no folder of the user's busy");
        }
    }

    @Test
    void anUpgradeEndsTheResidentAndTheNextServedCommandStartsANewOne() throws Exception {
        coi(user, "list");
        long pid = awaitResident();

        Files.setLastModifiedTime(BuiltTarball.kernelJar(installation),
                FileTime.fromMillis(System.currentTimeMillis() + 2000));

        assertTrue(awaitExit(ProcessHandle.of(pid).orElseThrow()), "the resident of the old coi ends");
        assertFalse(Files.exists(socket()), "and removes its socket");
        assertTrue(log().contains("upgraded or removed"), this::log);
        CommandRun list = coi(user, "list");
        assertEquals(0, list.exitCode(), list::toString);
        assertNotEquals(pid, awaitResident(), "a new resident");
    }

    @Test
    void removingTheCoiHomeEndsTheResident() throws Exception {
        coi(user, "list");
        long pid = awaitResident();

        try (Stream<Path> files = Files.walk(home.resolve(".coi"))) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }

        assertTrue(awaitExit(ProcessHandle.of(pid).orElseThrow()), "the resident ends with its home");
    }

    @Test
    void aBackgroundSessionIsStartedByTheResidentWithTheVariablesNamedForItsTool() throws Exception {
        String image = OfflineTestImage.get(incus).alias();
        Path workspace = TestWorkspaces.ownedByAUser(Files.createDirectories(home.resolve("workspace")));
        Files.createDirectories(home.resolve(".config/coi"));
        Files.writeString(home.resolve(".config/coi/config.toml"), "[tool.claude]\nenv = [\"IT_TOOL_TOKEN\"]\n");
        coi(user, "list");
        awaitResident();
        Map<String, String> served = new HashMap<>(NO_JVM);
        served.put("IT_TOOL_TOKEN", "for the tool");
        served.put("IT_NOT_NAMED", "stays on the host");

        CommandRun shell = coi(with(served), "shell", "--background", "-w", workspace.toString(), "--image", image);

        Matcher container = Pattern.compile("Container: (\\S+)").matcher(shell.err());
        assertTrue(container.find(), shell::toString);
        String name = container.group(1);
        try {
            assertEquals(0, shell.exitCode(), shell::toString);
            assertTrue(shell.err().contains("Network: restricted"), shell::toString);
            ExecOptions code = new ExecOptions(1000, 1000, "/workspace", Map.of("HOME", "/home/code"));
            CommandResult tmux = incus.exec(name, List.of("tmux", "show-environment", "-t", "coi-" + name), code);
            assertTrue(tmux.stdout().contains("IT_TOOL_TOKEN=for the tool\n"), tmux::toString);
            assertFalse(tmux.stdout().contains("IT_NOT_NAMED"), tmux::toString);
        } finally {
            CommandRun kill = coi(user, "kill", "--force", name);
            assertEquals(0, kill.exitCode(), kill::toString);
        }
    }

    @Test
    void withResidentOffNoneIsStartedOrAsked() throws Exception {
        CommandRun list = coi(with(Map.of("COI_RESIDENT", "off")), "list");

        assertEquals(0, list.exitCode(), list::toString);
        assertFalse(Files.exists(home.resolve(".coi/logs/resident.log")), "no resident was started");
        assertFalse(Files.exists(home.resolve(".coi/run")), "nor its socket folder made");
    }

    private CommandRun coi(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(installation.resolve("bin/coi").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        builder.environment().putAll(environment);
        builder.environment().remove("XDG_CONFIG_HOME");
        return run(builder);
    }

    private Map<String, String> with(Map<String, String> more) {
        Map<String, String> environment = new HashMap<>(user);
        environment.putAll(more);
        return environment;
    }

    /** The pid of the newest resident of this home, once it listens. */
    private long awaitResident() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher started = STARTED.matcher(log());
            long newest = -1;
            while (started.find()) {
                newest = Long.parseLong(started.group(1));
            }
            if (newest > 0 && !residents.contains(newest)) {
                residents.add(newest);
                return newest;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError("no resident started within 60 s; its log:\n" + log());
    }

    private String log() {
        try {
            Path log = home.resolve(".coi/logs/resident.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path socket() throws Exception {
        try (Stream<Path> files = Files.exists(home.resolve(".coi/run")) ? Files.list(home.resolve(".coi/run"))
                : Stream.empty()) {
            return files.filter(file -> file.getFileName().toString().endsWith(".sock")).findFirst()
                    .orElse(home.resolve(".coi/run/none.sock"));
        }
    }

    private static boolean awaitExit(ProcessHandle process) throws Exception {
        try {
            process.onExit().get(15, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }
}
