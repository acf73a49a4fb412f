package dev.coi.kernel.cli;

import dev.coi.kernel.keeper.Keeper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real terminal with the real {@code coi} command line in it, as a user runs it: coi is a separate java
 * process (the same java binary and class path as this JVM, so the bundled plugins are there) in a tmux session
 * on the host, on a private tmux server ({@code tmux -L coi-e2e-<random>}). Tests type into it, send keys,
 * read the screen and signal the coi process.
 *
 * <p>coi sees a controlled environment and nothing of this JVM's: {@code HOME} is the test's home folder,
 * {@code PATH}, {@code TERM} and {@code LANG} are fixed, and only the variables the test adds come on top, so no
 * secret of the machine reaches it unless a test puts it there on purpose.
 *
 * <p>Each {@link #start} runs one coi command in a fresh tmux session (the previous one is closed first); its
 * exit code is written to a file by the wrapper script, and the pane stays after coi ended so that its last
 * screen can still be read.
 */
public final class CoiTerminal implements AutoCloseable {

    /** How often the screen and exit file are looked at while waiting. */
    private static final Duration POLL = Duration.ofMillis(100);
    /** How long the screen is still looked at after coi ended: tmux draws its last output a moment later. */
    private static final Duration AFTER_EXIT = Duration.ofSeconds(2);
    private static final String FIXED_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final int COLUMNS = 200;
    private static final int ROWS = 50;

    private final Path home;
    private final Path workingDirectory;
    private final Map<String, String> environment;
    private final List<String> jvmOptions;
    private final String socket;
    private final Path directory;
    private final List<Long> wrapperPids = new ArrayList<>();
    private int runs;
    private String session;

    /**
     * @param home the {@code HOME} of coi (also its {@code user.home})
     * @param workingDirectory where coi runs
     * @param extraEnvironment variables to set for coi besides the fixed ones
     */
    public CoiTerminal(Path home, Path workingDirectory, Map<String, String> extraEnvironment) {
        this(home, workingDirectory, extraEnvironment, List.of());
    }

    /**
     * @param home the {@code HOME} of coi (also its {@code user.home})
     * @param workingDirectory where coi runs
     * @param extraEnvironment variables to set for coi besides the fixed ones
     * @param jvmOptions options for coi's java process besides the fixed ones, e.g.
     *                   {@code -Djdk.net.hosts.file=...} to resolve names from a file of the test
     */
    public CoiTerminal(Path home, Path workingDirectory, Map<String, String> extraEnvironment,
            List<String> jvmOptions) {
        this.jvmOptions = List.copyOf(jvmOptions);
        this.home = home.toAbsolutePath();
        this.workingDirectory = workingDirectory.toAbsolutePath();
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("HOME", this.home.toString());
        variables.put("PATH", FIXED_PATH);
        variables.put("TERM", "screen-256color");
        variables.put("LANG", "C.UTF-8");
        // the build lets keepers end as soon as their work is done, which tests wait for; so do coi's in here
        Optional.ofNullable(System.getenv(Keeper.LINGER_VARIABLE))
                .ifPresent(seconds -> variables.put(Keeper.LINGER_VARIABLE, seconds));
        variables.putAll(extraEnvironment);
        this.environment = Map.copyOf(variables);
        this.socket = "coi-e2e-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        try {
            this.directory = Files.createTempDirectory("coi-e2e-terminal-");
            Files.writeString(directory.resolve("tmux.conf"), """
                    set -g remain-on-exit on
                    set -g exit-empty off
                    set -g history-limit 10000
                    set -g default-terminal screen-256color
                    set -g update-environment ""
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code coi ARGS...} in a fresh tmux session of this terminal.
     *
     * @param args coi's arguments
     * @return this terminal
     */
    public CoiTerminal start(String... args) {
        String previous = session;
        runs++;
        session = "run" + runs;
        Path script = directory.resolve(session + ".sh");
        StringBuilder text = new StringBuilder("#!/bin/sh\necho $$ >").append(quote(pidFile().toString()))
                .append("\ncd ").append(quote(workingDirectory.toString())).append(" || exit 1\nenv -i");
        environment.forEach((key, value) -> text.append(' ').append(quote(key + "=" + value)));
        text.append(' ').append(quote(javaBinary()))
                .append(" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto")
                .append(' ').append(quote("-Duser.home=" + home));
        for (String option : jvmOptions) {
            text.append(' ').append(quote(option));
        }
        text.append(" -cp ").append(quote(classPath()))
                .append(" dev.coi.kernel.Main");
        for (String arg : args) {
            text.append(' ').append(quote(arg));
        }
        text.append("\necho $? >").append(quote(exitFile() + ".tmp"))
                .append(" && mv ").append(quote(exitFile() + ".tmp")).append(' ').append(quote(exitFile().toString()))
                .append('\n');
        try {
            Files.writeString(script, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tmux("-f", directory.resolve("tmux.conf").toString(), "new-session", "-d", "-s", session,
                "-x", String.valueOf(COLUMNS), "-y", String.valueOf(ROWS), script.toString());
        if (previous != null) {
            tmux("kill-session", "-t", previous);
        }
        wrapperPids.add(awaitPid(Duration.ofSeconds(10)));
        return this;
    }

    /**
     * Types a line: the text literally, then Enter.
     *
     * @param text what to type
     */
    public void type(String text) {
        tmux("send-keys", "-t", session, "-l", text);
        tmux("send-keys", "-t", session, "Enter");
    }

    /**
     * Sends keys by their tmux names, e.g. {@code "C-b", "d"} to detach from coi's tmux session.
     *
     * @param keys the keys
     */
    public void sendKeys(String... keys) {
        List<String> command = new ArrayList<>(List.of("send-keys", "-t", session));
        command.addAll(List.of(keys));
        tmux(command.toArray(String[]::new));
    }

    /**
     * @return what the terminal shows now
     */
    public String screen() {
        return tmux("capture-pane", "-p", "-J", "-t", session);
    }

    /**
     * @return the screen with the scrollback above it
     */
    public String history() {
        return tmux("capture-pane", "-p", "-J", "-S", "-", "-t", session);
    }

    /**
     * Waits until the screen or its scrollback contains the text.
     *
     * @param text the text
     * @param timeout how long to wait
     * @return the screen and scrollback that contained it
     */
    public String awaitScreen(String text, Duration timeout) {
        return awaitMatch(Pattern.compile(Pattern.quote(text)), timeout).group();
    }

    /**
     * Waits until the screen or its scrollback matches the pattern; gives up at once when coi has ended
     * without showing it.
     *
     * @param pattern the pattern, searched for anywhere
     * @param timeout how long to wait
     * @return the match
     */
    public Matcher awaitMatch(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (exitCode().isPresent()) {
                // once coi has ended, nothing more comes but what tmux has still to draw
                deadline = Math.min(deadline, System.nanoTime() + AFTER_EXIT.toNanos());
            }
            String shown = history();
            Matcher matcher = pattern.matcher(shown);
            if (matcher.find()) {
                return matcher;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the terminal did not show /" + pattern + "/ within " + timeout
                        + exitNote() + "; it shows:\n" + shown);
            }
            pause();
        }
    }

    /**
     * Waits until the coi process of the last {@link #start} has ended.
     *
     * @param timeout how long to wait
     * @return its exit code
     */
    public int awaitExit(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Integer> code = exitCode();
            if (code.isPresent()) {
                return code.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("coi did not exit within " + timeout + "; the terminal shows:\n" + history());
            }
            pause();
        }
    }

    /**
     * @return the exit code of the last coi command, empty while it runs
     */
    public Optional<Integer> exitCode() {
        try {
            Path file = exitFile();
            return Files.exists(file) ? Optional.of(Integer.parseInt(Files.readString(file).strip()))
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends a signal to the coi java process, as {@code kill -SIGNAL} from another terminal does.
     *
     * @param signal the signal's name, e.g. {@code INT} or {@code TERM}
     */
    public void signal(String signal) {
        long pid = javaPid();
        run(List.of("kill", "-s", signal, String.valueOf(pid)));
    }

    /**
     * @return the process id of the running coi java process
     */
    public long javaPid() {
        long wrapper = wrapperPids.getLast();
        return ProcessHandle.of(wrapper).flatMap(handle -> handle.children().findFirst())
                .map(ProcessHandle::pid)
                .orElseThrow(() -> new IllegalStateException("coi is not running (wrapper " + wrapper + ")"));
    }

    /** Kills every coi process this terminal started, with their children, and the tmux server. */
    @Override
    public void close() {
        for (long pid : wrapperPids) {
            ProcessHandle.of(pid).ifPresent(wrapper -> {
                wrapper.descendants().forEach(ProcessHandle::destroyForcibly);
                wrapper.destroyForcibly();
            });
        }
        try {
            // tmux leaves its socket file behind when its server is killed
            Path socketFile = Path.of(tmux("display-message", "-p", "#{socket_path}").strip());
            tmux("kill-server");
            Files.deleteIfExists(socketFile);
        } catch (IllegalStateException e) {
            // the server ended with its last session already
        } catch (IOException e) {
            System.err.println("could not delete the tmux socket of " + socket + ": " + e.getMessage());
        }
        try (var paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + directory + ": " + e.getMessage());
        }
    }

    private String exitNote() {
        return exitCode().map(code -> " (coi exited with " + code + ")").orElse("");
    }

    private long awaitPid(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (Files.exists(pidFile())) {
                    String text = Files.readString(pidFile()).strip();
                    if (!text.isEmpty()) {
                        return Long.parseLong(text);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the coi wrapper did not start within " + timeout + ":\n" + history());
            }
            pause();
        }
    }

    private Path pidFile() {
        return directory.resolve(session + ".pid");
    }

    private Path exitFile() {
        return directory.resolve(session + ".exit");
    }

    private String tmux(String... args) {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(args));
        return run(command);
    }

    private String run(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", FIXED_PATH);
        builder.environment().put("HOME", home.toString());
        builder.environment().put("LANG", "C.UTF-8");
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within 30 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with " + process.exitValue()
                        + ": " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the terminal", e);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Surefire and failsafe may start their JVM through a manifest-only jar; they name the real path here. */
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
