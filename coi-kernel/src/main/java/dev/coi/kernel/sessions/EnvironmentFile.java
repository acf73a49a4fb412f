package dev.coi.kernel.sessions;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A command's environment as a file the command's shell reads, instead of {@code --env K=V} on the command line
 * of the {@code incus exec} child: that command line is in {@code /proc/<pid>/cmdline}, which every local user of
 * the host can read, and the variables are often API keys. The file is written into the container through the
 * Incus API (readable by the command's user alone) and removed by the wrapper once read.
 *
 * @param variables the variables the file holds: those with a name the shell can assign
 * @param others variables whose names the shell cannot assign; they stay on the command line
 */
record EnvironmentFile(Map<String, String> variables, Map<String, String> others) {

    private static final Pattern SHELL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * Reads the file named by {@code $0}, exports what it assigns, removes it and becomes the command: {@code exec}
     * keeps the command's exit code, terminal and signals as if it had been started directly.
     */
    private static final String WRAPPER = "set -a; . \"$0\"; set +a; rm -f -- \"$0\"; exec \"$@\"";

    EnvironmentFile {
        variables = new TreeMap<>(variables);
        others = new TreeMap<>(others);
    }

    /** Splits an environment into what goes into the file and what cannot. */
    static EnvironmentFile of(Map<String, String> environment) {
        Map<String, String> variables = new TreeMap<>();
        Map<String, String> others = new TreeMap<>();
        environment.forEach((name, value) -> (SHELL_NAME.matcher(name).matches() ? variables : others)
                .put(name, value));
        return new EnvironmentFile(variables, others);
    }

    boolean isEmpty() {
        return variables.isEmpty();
    }

    /** {@code NAME='value'} lines; a quote in a value is closed, escaped and opened again. */
    byte[] content() {
        StringBuilder content = new StringBuilder();
        variables.forEach((name, value) -> content.append(name).append("='")
                .append(value.replace("'", "'\\''")).append("'\n"));
        return content.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The command run through the wrapper that reads the file at {@code path} first. */
    static List<String> wrap(String path, List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", WRAPPER, path));
        wrapped.addAll(command);
        return wrapped;
    }
}
