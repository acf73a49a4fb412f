package dev.coi.training;

import dev.coi.kernel.cli.Coi;
import dev.coi.kernel.config.ConfigEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training run the build makes the start-up cache (JDK AOT cache) with: one JVM runs the commands people start
 * most, so the classes they load and link are in the cache. It needs no Incus: the build points {@code INCUS_SOCKET}
 * at a path where nothing listens; the commands first run against a {@link CannedIncus} there (reading answers as
 * from a daemon), then once more with nothing there (the "Incus is not running" error). Nothing on the build
 * machine is touched.
 */
public final class StartupTraining {

    private static final List<List<String>> COMMANDS = List.of(
            List.of("--version"),
            List.of("--help"),
            List.of("version", "--format", "json"),
            List.of("config", "show"),
            List.of("config", "show", "--origin", "--format", "json"),
            List.of("plugin", "list"),
            List.of("list"),
            List.of("list", "--format", "json"),
            List.of("info"),
            List.of("info", CannedIncus.INSTANCE),
            List.of("container", "exists", CannedIncus.INSTANCE),
            List.of("container", "exists", "coi-training"),
            List.of("no-such-command"));

    private StartupTraining() {
    }

    public static void main(String[] args) throws IOException {
        ConfigEnvironment environment = ConfigEnvironment.ofCurrentProcess();
        String socket = environment.variables().getOrDefault("INCUS_SOCKET", "");
        if (socket.isEmpty() || Files.exists(Path.of(socket))) {
            throw new IllegalStateException("INCUS_SOCKET must name a path where nothing is, was '" + socket + "'");
        }
        try (CannedIncus incus = CannedIncus.listen(Path.of(socket))) {
            runAll(environment);
        } finally {
            Files.deleteIfExists(Path.of(socket));
        }
        runAll(environment);
        // as coi's Main ends, so that what exiting loads is in the cache too
        System.exit(0);
    }

    private static void runAll(ConfigEnvironment environment) {
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        for (List<String> command : COMMANDS) {
            // exit codes do not matter here, only what the commands load
            Coi.run(environment, nowhere, nowhere, false, false, command.toArray(String[]::new));
        }
    }
}
