package dev.coi.kernel.sessions.launch;

import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.incus.ContainerRuntime;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.sessions.ContainerNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tmux session the tool runs in, owned by the session user's own tmux server and named
 * {@code coi-} and the container's name ({@link ContainerNames#tmuxSession}).
 * When the tool exits the pane goes on with bash, so the user lands in a shell instead of losing the window.
 */
public final class TmuxSession {

    static final int WIDTH = 200;
    static final int HEIGHT = 50;

    private final ContainerRuntime incus;
    private final String container;
    private final SessionUser user;

    public TmuxSession(ContainerRuntime incus, String container, SessionUser user) {
        this.incus = incus;
        this.container = container;
        this.user = user;
    }

    /** The session's name. */
    public String name() {
        return ContainerNames.tmuxSession(container);
    }

    /**
     * Starts the session detached, running the command line in the workspace.
     *
     * @param command a shell command line
     * @param environment the pane's environment
     */
    public void start(String command, Map<String, String> environment) {
        CommandResult result = run(newSessionCommand(name(), command, environment), environment);
        // Incus loses track of an exec now and then and coi runs it again; the first run may have started tmux
        if (!result.succeeded() && result.stderr().contains("duplicate session") && isAlive()) {
            return;
        }
        if (!result.succeeded()) {
            throw CoiException.failure("could not start tmux in container " + container + " (exit " + result.exitCode()
                    + "): " + (result.stderr() + result.stdout()).strip() + "; the image needs tmux (images from"
                    + " 'coi build' have it)");
        }
    }

    /** Whether the session still exists (the tool or its shell still runs). */
    public boolean isAlive() {
        try {
            return run(List.of("tmux", "has-session", "-t", "=" + name()), Map.of()).succeeded();
        } catch (IncusException e) {
            return false;
        }
    }

    /** What attaches a terminal to the session. */
    public List<String> attachCommand() {
        return List.of("tmux", "attach-session", "-t", "=" + name());
    }

    /** The options a command of the session user runs with: its ids, the workspace, HOME and the given variables. */
    public ExecOptions options(Map<String, String> environment) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("HOME", user.home());
        variables.putAll(environment);
        return new ExecOptions(user.uid(), user.gid(), SessionMounts.WORKSPACE, variables);
    }

    static List<String> newSessionCommand(String name, String command, Map<String, String> environment) {
        List<String> argv = new ArrayList<>(List.of("tmux", "new-session", "-d", "-s", name, "-c",
                SessionMounts.WORKSPACE, "-x", Integer.toString(WIDTH), "-y", Integer.toString(HEIGHT)));
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            argv.add("-e");
            argv.add(variable.getKey() + "=" + variable.getValue());
        }
        argv.add(command);
        return argv;
    }

    private CommandResult run(List<String> command, Map<String, String> environment) {
        return incus.exec(container, command, options(environment));
    }
}
