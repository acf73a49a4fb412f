package dev.coi.kernel.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The network keeper processes that coi started for one test's home: a detached {@code coi network-keeper} whose
 * {@code HOME} is that home. Only those are ever looked at or ended.
 */
final class Keepers {

    private static final String COMMAND = "network-keeper";

    private Keepers() {
    }

    static List<ProcessHandle> of(Path home) {
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
