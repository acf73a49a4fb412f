package dev.coi.kernel.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the tests as root, as a user runs {@code sudo coi build --base offline}: in a JVM of this
 * JDK with this class path, directly when the tests run as root (as in CI), else through {@code sudo -n}.
 * {@code scripts/setup-host.sh --ci} allows this JDK's {@code java} for the user who runs it; when sudo refuses it,
 * every caller fails with the same message naming that fix.
 */
public final class RootJvm {

    private static final boolean ROOT = isRoot();

    private static final SudoVerdict SUDO = new SudoVerdict();

    private RootJvm() {
    }

    /** Whether this JVM runs as root. */
    public static boolean isRoot() {
        return uid() == 0;
    }

    /** The effective user id of this JVM. */
    public static int uid() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(line -> line.startsWith("Uid:"))
                    .findFirst().map(line -> Integer.parseInt(line.substring(4).strip().split("\\s+")[1]))
                    .orElseThrow(() -> new IllegalStateException("/proc/self/status names no Uid"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What a JVM as root did.
     *
     * @param exitCode its exit code
     * @param out its standard output
     * @param err its standard error
     */
    public record Result(int exitCode, String out, String err) {
    }

    /**
     * Runs {@code mainClass} with the arguments as root and waits for it.
     *
     * @param why what needs root, for the message when sudo refuses
     * @param mainClass the class whose {@code main} runs
     * @param args its arguments
     * @return what it did
     * @throws InterruptedException when interrupted; the JVM is killed then
     */
    public static Result run(String why, Class<?> mainClass, String... args) throws InterruptedException {
        requireAllowed(why);
        List<String> command = new ArrayList<>(ROOT ? List.of() : List.of("sudo", "-n", "--"));
        command.addAll(List.of(java(), "-cp", classPath(), mainClass.getName()));
        command.addAll(List.of(args));
        Path out = null;
        Path err = null;
        Process process = null;
        try {
            out = Files.createTempFile("coi-root-jvm-", ".out");
            err = Files.createTempFile("coi-root-jvm-", ".err");
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            int exitCode = process.waitFor();
            return new Result(exitCode, Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } finally {
            if (process != null && process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                System.err.println("could not delete " + file + ": " + e.getMessage());
            }
        }
    }

    private static void requireAllowed(String why) {
        SUDO.require(() -> ROOT || allowed() ? null : refusal(why, java(), System.getProperty("user.name")));
    }

    /**
     * What to tell a user whose sudo refused this JDK's java.
     *
     * @param why what needed root
     * @param java the java that was refused
     * @param user who ran the tests
     * @return the message
     */
    static String refusal(String why, String java, String user) {
        return why + " needs root, which the tests get through passwordless sudo when not run as root, and sudo -n"
                + " refused " + java + " for " + user + ": run sudo ./scripts/setup-host.sh --ci (it allows the"
                + " JDK that ./mvnw uses for the user who runs it), or run the tests as root";
    }

    private static boolean allowed() {
        try {
            Process probe = new ProcessBuilder("sudo", "-n", "--", java(), "-version")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The tests' class path: surefire and failsafe start their JVMs with a jar that only names it. */
    private static String classPath() {
        String tests = System.getProperty("surefire.test.class.path", "");
        return tests.isBlank() ? System.getProperty("java.class.path") : tests;
    }
}
