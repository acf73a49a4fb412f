package dev.coi.kernel.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A command run on the host by a network test ({@code ip}, {@code firewall-cmd}, {@code nsenter}), bounded in time:
 * a command that hangs is killed and reported, never waited for. What needs root goes through {@link AsRoot}.
 */
final class HostCommand {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** What Incus says when, on a busy host, it lost the process it was to run: the command may not have run. */
    private static final String LOST_CHILD = "Failed to retrieve PID of executing child process";
    private static final int TRIES = 3;

    /** What a finished command said. */
    record Result(List<String> command, int exitCode, String output) {

        boolean succeeded() {
            return exitCode == 0;
        }

        /** This result, or an error naming the command and what it printed. */
        Result orThrow() {
            if (!succeeded()) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + exitCode
                        + ": " + output.strip());
            }
            return this;
        }
    }

    private HostCommand() {
    }

    /** Runs the command and fails unless it exits with 0; returns its output (stdout and stderr). */
    static String run(String... command) {
        Result result = attempt(command);
        // the tests' incus exec commands may run twice (they write files, enable units): tried again when lost
        for (int tries = 1; tries < TRIES && isIncusExec(command) && result.output().contains(LOST_CHILD); tries++) {
            result = attempt(command);
        }
        return result.orThrow().output();
    }

    private static boolean isIncusExec(String... command) {
        return command.length > 1 && command[0].equals("incus") && command[1].equals("exec");
    }

    /** Runs the command with root's rights and fails unless it exits with 0; returns its output. */
    static String runAsRoot(String... command) {
        return attemptUnchecked(AsRoot.command(command)).orThrow().output();
    }

    /** Runs the command and returns how it ended, whatever its exit code. */
    static Result attempt(String... command) {
        return attemptUnchecked(List.of(command));
    }

    /** Runs the command with root's rights and returns how it ended, whatever its exit code. */
    static Result attemptAsRoot(String... command) {
        return attemptUnchecked(AsRoot.command(command));
    }

    /** Runs exactly these words, without asking {@link AsRoot}. */
    static Result attemptUnchecked(List<String> words) {
        ProcessBuilder builder = new ProcessBuilder(words).redirectErrorStream(true);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                // sudo passes SIGTERM on to its command; a SIGKILL would end sudo alone and leave root's command
                process.destroy();
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
                throw new IllegalStateException(String.join(" ", words) + " did not end within " + TIMEOUT);
            }
            return new Result(words, process.exitValue(), output.join());
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", words), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", words), e);
        }
    }
}
