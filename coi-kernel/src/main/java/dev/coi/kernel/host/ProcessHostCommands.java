package dev.coi.kernel.host;

import dev.coi.api.CommandResult;
import dev.coi.api.HostCommands;
import dev.coi.api.PortException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** Runs host commands as child processes of coi, without a shell, in coi's own environment. */
public final class ProcessHostCommands implements HostCommands {

    private static final int NOT_FOUND = 127;
    private static final Pattern NOT_THERE = Pattern.compile("error[=:] ?2\\b");
    private static final File NO_INPUT = new File("/dev/null");

    @Override
    public CommandResult run(List<String> argv, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(NO_INPUT))
                    .start();
        } catch (IOException e) {
            // ENOENT (JDKs write "error=2," or "error: 2"): answered with 127, as a shell would
            if (NOT_THERE.matcher(String.valueOf(e.getMessage())).find()) {
                return new CommandResult(NOT_FOUND, "", argv.getFirst() + ": command not found");
            }
            throw new PortException("cannot run " + argv.getFirst() + ": " + e.getMessage(), e);
        }
        // both streams are read at once so that a command filling one pipe never blocks on it; on threads of their
        // own, not the common pool, which callers (and parallel callers) may already fill
        CompletableFuture<String> stdout = reading(process.getInputStream());
        CompletableFuture<String> stderr = reading(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new PortException(String.join(" ", argv) + " did not finish within " + timeout.toSeconds()
                        + " s and was killed");
            }
            return new CommandResult(process.exitValue(), stdout.get(), stderr.get());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new PortException("interrupted while " + argv.getFirst() + " ran", e);
        } catch (ExecutionException e) {
            throw new PortException("cannot read the output of " + argv.getFirst() + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    private static CompletableFuture<String> reading(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().name("coi-host-command-output").start(() -> {
            try {
                text.complete(read(stream));
            } catch (UncheckedIOException e) {
                text.completeExceptionally(e);
            }
        });
        return text;
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
