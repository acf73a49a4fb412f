package dev.coi.plugin.nftables;

import dev.coi.api.CommandResult;
import dev.coi.api.HostCommands;
import dev.coi.api.PortException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** Real host commands for the integration tests, as the kernel runs them: no shell, both outputs read. */
final class HostProcesses implements HostCommands {

    private static final Executor READER = reader -> Thread.ofVirtual().start(reader);

    @Override
    public CommandResult run(List<String> argv, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(argv).start();
            process.getOutputStream().close();
        } catch (IOException notFound) {
            return new CommandResult(127, "", notFound.getMessage());
        }
        // Both streams at once: a full stderr pipe would stall a process whose stdout is being waited for.
        // Own threads: a shared pool may have fewer threads than reads that block at once during parallel calls.
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> text(process.getInputStream()), READER);
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> text(process.getErrorStream()), READER);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new PortException(argv + " did not finish within " + timeout);
            }
            return new CommandResult(process.exitValue(), stdout.join(), stderr.join());
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new PortException("interrupted while running " + argv, interrupted);
        }
    }

    private static String text(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }
}
