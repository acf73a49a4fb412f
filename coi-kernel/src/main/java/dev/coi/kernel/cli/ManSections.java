package dev.coi.kernel.cli;

import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.config.ConfigReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What a man page says beyond the command's help: its EXIT STATUS, and on {@code coi(1)} the ENVIRONMENT and FILES
 * coi reads (the other pages point there), each as a list of terms and what they mean.
 */
final class ManSections {

    /** Exit statuses of their own, by the command's words after {@code coi}; they come before the common ones. */
    private static final Map<String, List<Map.Entry<String, String>>> OWN_EXIT_STATUS = Map.of(
            "run", List.of(
                    Map.entry("N", "The command's own exit code, once it ran."),
                    Map.entry("124", "--timeout stopped the command.")),
            "container exec", List.of(
                    Map.entry("N", "The command's own exit code (also with --capture --format raw).")),
            "container exists", List.of(
                    Map.entry("0, 1", "The container exists, or does not.")),
            "container running", List.of(
                    Map.entry("0, 1", "The container runs, or does not.")),
            "image exists", List.of(
                    Map.entry("0, 1", "An image has the alias, or none has.")),
            "health", List.of(
                    Map.entry("0, 1, 2", "Healthy; degraded (warnings); unhealthy (failures).")));

    private ManSections() {
    }

    /** Terms and what they mean, for the page of {@code command}. */
    static List<Map.Entry<String, String>> exitStatus(CommandSpec command) {
        List<Map.Entry<String, String>> statuses = new ArrayList<>(
                OWN_EXIT_STATUS.getOrDefault(CommandTree.path(command), List.of()));
        statuses.add(Map.entry(String.valueOf(ExitCodes.OK), "Done."));
        statuses.add(Map.entry(String.valueOf(ExitCodes.FAILURE), "The operation failed; the error on standard"
                + " error says why and, where it can, how to fix it."));
        statuses.add(Map.entry(String.valueOf(ExitCodes.USAGE), "The command line or the configuration is wrong;"
                + " nothing was done."));
        statuses.add(Map.entry(String.valueOf(ExitCodes.INTERRUPTED), "Interrupted by Ctrl-C."));
        return statuses;
    }

    /** The environment variables coi reads. */
    static List<Map.Entry<String, String>> environment() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("COI_CONFIG", "A configuration file read after the others, so that it wins over them.");
        ConfigReference.environmentVariables().forEach((variable, key) ->
                variables.put(variable, "Sets the configuration key " + key + ", over the files and the profile."));
        variables.put("COI_CONTAINER", "The container of coi snapshot when --container is not given.");
        variables.put("COI_CONTAINER_PREFIX", "The start of session container names (default: coi-).");
        variables.put("COI_RESIDENT", "off: no resident coi; every command runs in a JVM of its own.");
        variables.put("COI_TIMINGS", "1: coi shell and coi run print the time of each phase.");
        variables.put("COI_JAVA_OPTIONS", "More options for the JVM, e.g. -Xmx512m.");
        variables.put("INCUS_SOCKET", "The Incus socket; else INCUS_DIR/unix.socket, else where Incus puts it.");
        variables.put("XDG_CONFIG_HOME", "Where the user's configuration is (default: ~/.config).");
        variables.put("NO_COLOR", "Set: no colors. TERM=dumb does the same.");
        return List.copyOf(variables.entrySet());
    }

    /** The files and folders coi reads and keeps. */
    static List<Map.Entry<String, String>> files() {
        return List.of(
                Map.entry("/etc/coi/config.toml", "The system's configuration."),
                Map.entry("~/.config/coi/config.toml", "The user's configuration, over the system's."),
                Map.entry(".coi.toml", "The workspace's configuration, in the workspace folder; what would loosen"
                        + " the sandbox needs the user's consent."),
                Map.entry("~/.config/coi/tools/NAME.toml, /etc/coi/tools/NAME.toml",
                        "AI tools declared as data."),
                Map.entry("~/.coi/sessions/", "Saved sessions, which --resume continues (paths.sessions_dir)."),
                Map.entry("~/.coi/snapshots/", "The copies of saved sessions taken with snapshots."),
                Map.entry("~/.coi/plugins/", "Installed plugins and plugins.lock."),
                Map.entry("~/.coi/logs/", "Logs, among them network.log (paths.logs_dir)."),
                Map.entry("~/.coi/run/", "The resident coi's socket."));
    }
}
