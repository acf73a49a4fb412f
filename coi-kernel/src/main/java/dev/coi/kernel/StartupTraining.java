package dev.coi.kernel;

import dev.coi.kernel.cli.Coi;
import dev.coi.kernel.config.ConfigEnvironment;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;

/**
 * The training run the build makes the start-up cache (JDK AOT cache) with: one JVM runs the commands people start
 * most, so the classes they load and link are in the cache. It needs no Incus: the build points {@code INCUS_SOCKET}
 * at a socket that does not exist, so the Incus commands go the whole way to their "Incus is not running" error
 * (configuration, plugins, the client) without touching anything.
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
            List.of("container", "exists", "coi-training"),
            List.of("no-such-command"));

    private StartupTraining() {
    }

    public static void main(String[] args) {
        ConfigEnvironment environment = ConfigEnvironment.ofCurrentProcess();
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        for (List<String> command : COMMANDS) {
            // exit codes do not matter here, only what the commands load
            Coi.run(environment, nowhere, nowhere, false, false, command.toArray(String[]::new));
        }
    }
}
