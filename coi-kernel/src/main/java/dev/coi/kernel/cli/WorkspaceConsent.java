package dev.coi.kernel.cli;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.config.ConfigEnvironment;
import dev.coi.kernel.config.LoadedConfig;
import dev.coi.kernel.config.Widening;
import dev.coi.kernel.config.WorkspaceWidening;
import dev.coi.kernel.sessions.launch.LaunchRequest;
import dev.coi.kernel.sessions.launch.WorkspaceApprovals;
import dev.coi.kernel.wiring.Kernel;
import java.io.BufferedReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Makes sure a {@code .coi.toml} in the workspace, which the AI tool can edit from inside its container, loosens the
 * sandbox of a new container only with the user's consent: asked once on a terminal, remembered for the workspace
 * and that exact content of the file, refused without a terminal. Flags are the user's own choice and need none.
 * The same holds for a file that names the Incus socket, for every command that talks to Incus: coi would trust the
 * daemon there with what it sends and believe what it answers.
 */
final class WorkspaceConsent {

    private static final Stake LOOSENS = new Stake("loosens the sandbox of the containers coi makes here",
            "loosens the sandbox", "nothing was created");
    private static final Stake CHOOSES_SOCKET = new Stake("names the Incus socket coi talks to",
            "names the Incus socket coi talks to", "coi did not connect to it");

    private final Output output;
    private final BufferedReader input;
    private final boolean terminal;
    private final WorkspaceApprovals approvals;
    private final Path userConfigFile;

    /**
     * Made before the kernel, which asks it before connecting to a socket the workspace's file names.
     *
     * @param terminal whether a person answers; without one, only a stored consent counts
     */
    WorkspaceConsent(Output output, BufferedReader input, boolean terminal, ConfigEnvironment environment) {
        this.output = output;
        this.input = input;
        this.terminal = terminal;
        this.approvals = new WorkspaceApprovals(Kernel.coiHome(environment));
        this.userConfigFile = environment.userConfigFile();
    }

    /**
     * Returns when nothing the file loosens takes effect, or the user allowed it (now or before).
     *
     * @param launch the container flags: {@code --network} overrides the file's {@code network.mode}
     * @throws CoiException (failure) when there is no consent; nothing was created then
     */
    void require(LoadedConfig config, LaunchRequest launch) {
        require(config, launch.network().isPresent() ? Set.of("network.mode") : Set.of());
    }

    /**
     * Returns when nothing the file loosens takes effect, or the user allowed it (now or before).
     *
     * @param keysFromFlags the keys the command line sets, which the file cannot change
     * @throws CoiException (failure) when there is no consent; nothing was created then
     */
    void require(LoadedConfig config, Set<String> keysFromFlags) {
        Optional<WorkspaceWidening> found = config.workspaceWidening();
        if (found.isPresent() && !found.get().effectiveDespite(keysFromFlags).isEmpty()) {
            require(found.get(), LOOSENS);
        }
    }

    /**
     * Returns when the user allowed the file (now or before), which names the Incus socket coi is about to connect
     * to: every command that talks to Incus comes here, not only those that make containers.
     *
     * @throws CoiException (failure) when there is no consent; coi connected to nothing then
     */
    void requireToConnect(WorkspaceWidening widening) {
        require(widening, CHOOSES_SOCKET);
    }

    private void require(WorkspaceWidening widening, Stake stake) {
        if (approvals.approved(widening)) {
            return;
        }
        if (!terminal) {
            throw refusal(widening, stake, "there is no terminal to ask you on");
        }
        // everything is shown, also what a flag overrides today: the consent covers the file as it is
        output.warn(widening.file() + " " + stake.what() + ":");
        widening.widenings().forEach(item -> output.info("  " + item.describe()));
        output.info("The AI tool can edit this file from inside its container, so coi asks before using it; you are"
                + " asked again when the file changes.");
        if (!new Confirmation(input, output).ask("Use these settings for " + widening.workspace() + "?")) {
            throw refusal(widening, stake, "you did not allow it");
        }
        approvals.approve(widening);
    }

    private CoiException refusal(WorkspaceWidening widening, Stake stake, String reason) {
        List<String> lines = new ArrayList<>();
        lines.add(widening.file() + " " + stake.briefly() + " and " + reason + "; " + stake.withheld() + ":");
        widening.widenings().forEach(item -> lines.add("  " + item.describe()));
        lines.add("A workspace's .coi.toml can be edited by the AI tool, so these settings need your consent. Either:");
        lines.add("  - run the same command once in a terminal and answer y (asked again when the file changes),");
        lines.add("  - move these settings to " + userConfigFile + ", or");
        lines.add("  - " + flagHint(widening.widenings()));
        return CoiException.failure(String.join(System.lineSeparator(), lines));
    }

    private static String flagHint(List<Widening> widenings) {
        List<String> flags = new ArrayList<>();
        if (widenings.stream().anyMatch(item -> item.key().equals("network.mode"))) {
            flags.add("--network=MODE");
        }
        if (widenings.stream().anyMatch(item -> item.key().equals("mounts.default"))) {
            flags.add("--mount HOST:CONTAINER");
        }
        return flags.isEmpty() ? "remove them from the workspace's .coi.toml."
                : "give them on the command line (" + String.join(", ", flags) + ") or remove them from the file.";
    }

    /**
     * What the file does that needs consent.
     *
     * @param what     as the question says it
     * @param briefly  as the refusal says it
     * @param withheld what coi did not do because of the refusal
     */
    private record Stake(String what, String briefly, String withheld) {
    }
}
