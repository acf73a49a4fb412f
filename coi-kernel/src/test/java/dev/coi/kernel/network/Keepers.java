package dev.coi.kernel.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The keeper processes that coi started for one test's home: a detached {@code coi keeper} whose
 * {@code HOME} is that home. Only those are ever looked at or ended.
 */
public final class Keepers {

    private static final String COMMAND = "keeper";

    private Keepers() {
    }

    /** How long a keeper takes to see that its containers are gone, remove their rules and end. */
    private static final Duration TO_END = Duration.ofSeconds(20);

    /**
     * Waits until the keepers of a test's home ended, which a test calls after deleting its containers without coi
     * and before its home is deleted: the keeper removes their rules, for which it needs the records in that home.
     * One that does not end in time is ended, and said so.
     */
    public static void awaitEnd(Path home) {
        long deadline = System.nanoTime() + TO_END.toNanos();
        while (!of(home).isEmpty()) {
            if (System.nanoTime() > deadline) {
                System.err.println("ending the network keeper of " + home + ", which did not end by itself");
                of(home).forEach(ProcessHandle::destroyForcibly);
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The keepers running for a test's home. */
    public static List<ProcessHandle> of(Path home) {
        String wanted = "HOME=" + home.toAbsolutePath();
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().arguments().map(List::of).orElse(List.of()).contains(COMMAND))
                .filter(process -> environment(process).map(variables -> variables.contains(wanted)).orElse(false))
                .toList();
    }

    private static Optional<List<String>> environment(ProcessHandle process) {
        try {
            String text = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "environ"),
                    StandardCharsets.UTF_8);
            return Optional.of(Arrays.asList(text.split("\0")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
