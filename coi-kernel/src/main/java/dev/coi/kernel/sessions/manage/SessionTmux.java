package dev.coi.kernel.sessions.manage;

import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.incus.ContainerRuntime;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.SessionContainer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code coi tmux}: the tmux server of the user the tool runs as ({@code code}, 1000:1000, unless the labels say
 * otherwise), where {@code coi shell} started the session (the reference tool runs tmux as root, so that these
 * commands do not find the sessions its shell made). tmux keeps one server per uid, so running tmux as root
 * would look at another, empty server.
 */
public final class SessionTmux {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration ALERT_SHOWN = Duration.ofSeconds(20);
    /** The container's user owns its tmux and may make it hang: coi does not wait for it longer. */
    private static final Duration ALERT_TIMEOUT = Duration.ofSeconds(3);
    /** Claims the directory {@code $0}, or leaves, and becomes the command. */
    static final String CLAIM_THEN_RUN = "mkdir \"$0\" 2>/dev/null || exit 0; exec \"$@\"";

    private final ContainerRuntime incus;
    private final SessionContainers containers;

    public SessionTmux(ContainerRuntime incus, SessionContainers containers) {
        this.incus = incus;
        this.containers = containers;
    }

    /** The running session containers whose tmux session exists. */
    public List<SessionContainer> withSession() {
        return containers.listAfterReaping().stream()
                .filter(SessionContainer::isRunning)
                .filter(container -> run(container, TmuxCommands.hasSession(container.name())).succeeded())
                .toList();
    }

    /** Types the text into the session and presses Enter. */
    public void send(String name, String text) {
        SessionContainer container = withTmuxSession(name);
        // typed twice would be a second prompt to the tool
        check(container, runOnce(container, TmuxCommands.typeLiterally(name, text)), "type into");
        check(container, runOnce(container, TmuxCommands.pressEnter(name)), "press Enter in");
    }

    /** What the session's pane shows now, as tmux prints it. */
    public String capture(String name) {
        SessionContainer container = withTmuxSession(name);
        CommandResult result = run(container, TmuxCommands.capture(name));
        check(container, result, "capture");
        return result.stdout();
    }

    /**
     * Tells whoever looks at the session (attached or later) what coi has to say: a message over its status line
     * for a while, and a short mark kept at the line's right.
     *
     * @return whether it could be shown: not when the session has no tmux (started with --tmux=false), ended, or
     *         its tmux did not answer in time
     */
    public boolean alert(String name, String message, String mark) {
        Optional<SessionContainer> container = containers.findAny(name).filter(SessionContainer::isRunning);
        if (container.isEmpty()) {
            return false;
        }
        try {
            return incus.exec(name, TmuxCommands.alert(name, message, mark, ALERT_SHOWN), options(container.get()),
                    ALERT_TIMEOUT).succeeded();
        } catch (IncusException e) {
            return false;
        }
    }

    private SessionContainer withTmuxSession(String name) {
        SessionContainer container = containers.find(name).orElseThrow(() -> CoiException.failure("container " + name
                + " not found: 'coi tmux list' shows the sessions"));
        if (!container.isRunning()) {
            throw CoiException.failure("container " + name + " is not running (status: "
                    + container.instance().status() + ")");
        }
        if (!run(container, TmuxCommands.hasSession(name)).succeeded()) {
            throw CoiException.failure("container " + name + " has no tmux session " + ContainerNames.tmuxSession(name)
                    + " (the session was ended, or started with --tmux=false): 'coi attach " + name
                    + " --bash' opens a shell");
        }
        return container;
    }

    private CommandResult run(SessionContainer container, List<String> command) {
        return incus.exec(container.name(), command, options(container));
    }

    /**
     * Tried again when Incus loses it, as any exec, yet run once: the command first claims a directory of a name new
     * to it, and a try that finds the claim taken leaves the work to the lost try that made it (Incus can report a try
     * lost that runs all the same, even after it reported it). The claim stays: removing it would let such a late try
     * run; {@code /tmp} is emptied when the container boots.
     */
    private CommandResult runOnce(SessionContainer container, List<String> command) {
        List<String> claimed = new ArrayList<>(List.of("sh", "-c", CLAIM_THEN_RUN,
                "/tmp/.coi-tmux-" + HexFormat.of().toHexDigits(RANDOM.nextLong())));
        claimed.addAll(command);
        return run(container, claimed);
    }

    static ExecOptions options(SessionContainer container) {
        return new ExecOptions(container.uid(), container.uid(), container.home(), Map.of("HOME", container.home()));
    }

    private static void check(SessionContainer container, CommandResult result, String action) {
        if (!result.succeeded()) {
            throw CoiException.failure("tmux could not " + action + " the session in " + container.name() + " (exit "
                    + result.exitCode() + "): " + result.stderr().strip());
        }
    }
}
