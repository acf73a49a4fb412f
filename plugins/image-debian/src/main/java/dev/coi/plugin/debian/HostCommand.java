package dev.coi.plugin.debian;

import dev.coi.api.ImageBuildException;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a program on the host with its output (stdout and stderr merged) going line by line to a consumer, and
 * no input. An interrupted caller kills the program and everything it started.
 */
final class HostCommand {

    /** How long the output may stay open after the program ended (a leftover child still holding it). */
    private static final Duration OUTPUT_GRACE = Duration.ofSeconds(5);

    private HostCommand() {
    }

    /**
     * Runs a program to its end.
     *
     * @param command the program and its arguments
     * @param environment the whole environment, or null to inherit this process's
     * @param output receives each output line, from another thread
     * @return the exit code
     * @throws InterruptedException when interrupted; the program and its children are killed by then
     */
    static int run(List<String> command, Map<String, String> environment, Consumer<String> output)
            throws InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(new File("/dev/null"));
        if (environment != null) {
            builder.environment().clear();
            builder.environment().putAll(environment);
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ImageBuildException("cannot run " + command.getFirst() + ": " + e.getMessage());
        }
        // The reader has a thread of its own because a blocked pipe read cannot be interrupted.
        Thread reader = Thread.ofVirtual().name("output of " + command.getFirst()).start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                lines.lines().forEach(output);
            } catch (IOException | UncheckedIOException e) {
                // the program was killed: its output ends here
            }
        });
        try {
            int exitCode = process.waitFor();
            reader.join(OUTPUT_GRACE);
            return exitCode;
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw e;
        }
    }

    /**
     * Runs a program that must succeed.
     *
     * @param what what it does, for the error message, e.g. {@code debootstrap}
     * @param command the program and its arguments
     * @param environment the whole environment, or null to inherit this process's
     * @param output receives each output line
     * @throws ImageBuildException when it fails
     * @throws InterruptedException when interrupted
     */
    static void runChecked(String what, List<String> command, Map<String, String> environment, Consumer<String> output)
            throws InterruptedException {
        int exitCode = run(command, environment, output);
        if (exitCode != 0) {
            throw new ImageBuildException(what + " failed with exit code " + exitCode + " (its output is above)");
        }
    }

    /**
     * Runs a program that must succeed and returns its output.
     *
     * @param command the program and its arguments
     * @return its output, trimmed
     * @throws InterruptedException when interrupted
     */
    static String output(List<String> command) throws InterruptedException {
        StringBuilder text = new StringBuilder();
        int exitCode = run(command, null, line -> text.append(line).append('\n'));
        if (exitCode != 0) {
            throw new ImageBuildException(String.join(" ", command) + " failed with exit code " + exitCode + ": "
                    + text.toString().strip());
        }
        return text.toString().strip();
    }
}
