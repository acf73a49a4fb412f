package dev.coi.kernel.cli;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Command lines that show the main commands at work, for the {@code Examples:} of their help and the EXAMPLES of
 * their man pages: what a newcomer types first, each with what it does.
 */
final class Examples {

    /** One command line and what it does. */
    record Example(String commandLine, String what) {
    }

    /** By the command's words after {@code coi}. */
    private static final Map<String, List<Example>> BY_COMMAND = Map.of(
            "shell", List.of(
                    new Example("coi shell", "Start a session on the current folder"),
                    new Example("coi shell --resume", "Continue the newest saved session of this workspace"),
                    new Example("coi shell --persistent --slot 2",
                            "A second session, whose container is kept when it ends"),
                    new Example("coi shell --tool NAME --limit-memory 4GiB",
                            "Run another AI tool ('coi tool list') with at most 4 GiB of memory")),
            "run", List.of(
                    new Example("coi run -- npm test", "Run a program with its arguments (no shell)"),
                    new Example("coi run \"npm ci && npm test\"", "Run one shell command (by bash -c)"),
                    new Example("coi run --timeout 600 -- make check",
                            "Stop the command after 10 minutes (coi then exits with 124)"),
                    new Example("coi run --persistent --slot 2 -- sudo apt-get install -y ripgrep",
                            "Install into slot 2's container, which is kept for the next run")),
            "attach", List.of(
                    new Example("coi attach", "Attach to the only running session, or pick one from a list"),
                    new Example("coi attach --slot 2", "Attach to the session in slot 2 of this workspace"),
                    new Example("coi attach --bash NAME",
                            "Open a login shell in container NAME instead of its tmux session")),
            "list", List.of(
                    new Example("coi list", "The session containers of every workspace"),
                    new Example("coi list --all", "Also the saved sessions that --resume can continue"),
                    new Example("coi list --format json", "The same as JSON, for scripts")),
            "shutdown", List.of(
                    new Example("coi shutdown NAME", "Stop container NAME, save its session and delete it"),
                    new Example("coi shutdown --all --force", "Shut down every session container without asking"),
                    new Example("coi shutdown --timeout 10 NAME",
                            "Kill NAME if a graceful stop takes longer than 10 seconds")),
            "snapshot", List.of(
                    new Example("coi snapshot create before-refactor", "Take a snapshot of this workspace's container"),
                    new Example("coi snapshot list", "List its snapshots"),
                    new Example("coi snapshot restore before-refactor",
                            "Put the stopped container back to that snapshot"),
                    new Example("coi snapshot delete --all -c NAME", "Delete every snapshot of container NAME")),
            "build", List.of(
                    new Example("coi build", "Build the coi image (from the images server, else made on this host)"),
                    new Example("coi build --base offline --force", "Rebuild it on this host, without an image server"),
                    new Example("coi build custom rust --script rust.sh",
                            "Build an image of your own on top of coi with a script"),
                    new Example("coi shell --image rust", "Start a session in that image")));

    private Examples() {
    }

    /** The examples of {@code command}; none for most commands; for {@code coi} itself, a first one of each. */
    static List<Example> of(CommandSpec command) {
        if (command.parent() == null) {
            return Stream.of("shell", "list", "attach", "shutdown", "run").map(name -> BY_COMMAND.get(name).getFirst())
                    .toList();
        }
        return BY_COMMAND.getOrDefault(CommandTree.path(command), List.of());
    }

    /** The commands that have examples, by their words after {@code coi}. */
    static List<String> commands() {
        return List.copyOf(BY_COMMAND.keySet());
    }
}
