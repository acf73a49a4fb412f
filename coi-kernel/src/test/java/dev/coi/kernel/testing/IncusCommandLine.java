package dev.coi.kernel.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The incus command line as the test fixtures run it: against this machine's daemon, or a configuration of theirs. */
public final class IncusCommandLine {

    private IncusCommandLine() {
    }

    /**
     * Runs {@code incus ARGUMENTS...} to its end, with no input and without the caller's {@code INCUS_CONF}.
     *
     * @param timeout how long it may take
     * @param environment variables to set, e.g. {@code INCUS_CONF} of a fixture's configuration folder
     * @param arguments the arguments
     * @return its output, standard error included
     * @throws IllegalStateException when it fails or takes too long, with its output
     */
    public static String run(Duration timeout, Map<String, String> environment, String... arguments) {
        List<String> command = new ArrayList<>(List.of("incus"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().remove("INCUS_CONF");
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
