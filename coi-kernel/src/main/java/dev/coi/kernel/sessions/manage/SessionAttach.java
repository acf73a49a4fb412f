package dev.coi.kernel.sessions.manage;

import dev.coi.api.ExecOptions;
import dev.coi.api.Progress;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.incus.ContainerRuntime;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.sessions.AttachReturn;
import dev.coi.kernel.sessions.LostChildRetry;
import dev.coi.kernel.sessions.SessionContainer;
import dev.coi.kernel.sessions.SessionFinisher;
import dev.coi.kernel.sessions.TerminalAttach;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code coi attach}: connects the terminal to the tmux session {@code coi shell} started in a session container,
 * as the user the tool runs as, or to a login shell.
 */
public final class SessionAttach {

    private static final String WORKSPACE = "/workspace";

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final ContainerRuntime incus;
    private final SessionContainers containers;
    private final TerminalAttach terminal;
    private final Supplier<SessionFinisher> finisher;
    private final Progress progress;
    private final String term;

    /**
     * @param term the {@code TERM} the attached command gets
     */
    public SessionAttach(ContainerRuntime incus, SessionContainers containers, TerminalAttach terminal,
            Supplier<SessionFinisher> finisher, Progress progress, String term) {
        this.incus = incus;
        this.progress = progress;
        this.containers = containers;
        this.terminal = terminal;
        this.finisher = finisher;
        this.term = term;
    }

    /** The running session containers, of every workspace. */
    public List<SessionContainer> running() {
        return containers.listAfterReaping().stream().filter(SessionContainer::isRunning).toList();
    }

    /**
     * The running session container of that name.
     *
     * @throws CoiException when there is none
     */
    public SessionContainer runningContainer(String name) {
        SessionContainer container = containers.find(name).orElseThrow(() -> CoiException.failure("container " + name
                + " not found: 'coi list' shows the session containers"));
        if (container.isFrozen()) {
            throw CoiException.failure("container " + name + " is frozen ('coi monitor " + name + "' says why if the"
                    + " monitor froze it): 'coi container unfreeze " + name + "' lets it go on, 'coi shutdown " + name
                    + "' ends it");
        }
        if (!container.isRunning()) {
            throw CoiException.failure("container " + name + " is not running (status: " + container.instance().status()
                    + "): 'coi list' shows the session containers");
        }
        return container;
    }

    /**
     * The running session container of a workspace's slot.
     *
     * @throws CoiException when there is none
     */
    public SessionContainer runningContainer(Path workspace, int slot) {
        String name = containers.names().name(workspace, slot);
        return containers.find(name).filter(SessionContainer::isRunning).orElseThrow(() -> CoiException.failure(
                "container " + name + " not found or not running (slot " + slot + " of " + workspace + "): 'coi"
                        + " list' shows the session containers, -w names another workspace"));
    }

    /**
     * Attaches the terminal until the user detaches or the command ends. Afterwards, an ephemeral container that
     * was powered off meanwhile is saved and removed, as no {@code coi shell} may be watching it.
     *
     * @param bash a login shell instead of the tmux session
     * @return the exit code of the attached command; 0 when the user detached from tmux
     * @throws CoiException when the tmux session does not exist (any more)
     */
    public int attach(SessionContainer container, boolean bash) throws InterruptedException {
        ExecOptions options = new ExecOptions(container.uid(), container.uid(), WORKSPACE,
                Map.of("HOME", container.home(), "TERM", term));
        if (!bash && !hasTmuxSession(container)) {
            throw CoiException.failure("no tmux session found in container " + container.name() + " (the tool's"
                    + " session ended, or it was started with --tmux=false). The container is still running; to get a"
                    + " shell, use: coi attach " + container.name() + " --bash");
        }
        List<String> command = bash ? List.of("bash", "-l") : TmuxCommands.attach(container.name());
        BooleanSupplier sessionGoesOn = bash ? () -> true : () -> hasTmuxSession(container);
        // attaching to tmux, or opening a new login shell, once more does no harm
        LostChildRetry.Retrying attached = new LostChildRetry(terminal).start(
                new TerminalAttach.Request(container.name(), command, options, true), sessionGoesOn);
        int exitCode;
        try {
            exitCode = attached.waitFor();
        } catch (InterruptedException e) {
            attached.stop();
            throw e;
        }
        if (attached.lostEveryTry()) {
            throw CoiException.failure("could not attach to " + container.name() + ": Incus lost the process it"
                    + " started for it, " + LostChildRetry.TRIES + " times in a row (\"" + LostChildRetry.INCUS_ERROR
                    + "\"), which happens when the host is very busy. Nothing changed in the container; try again");
        }
        AttachReturn.Outcome outcome = new AttachReturn(incus, finisher.get(), progress, STOP_TIMEOUT)
                .settle(container.name(), sessionGoesOn);
        return outcome == AttachReturn.Outcome.DETACHED ? exitCode : 0;
    }

    /** False also when Incus cannot run anything in it any more, as while it shuts down. */
    private boolean hasTmuxSession(SessionContainer container) {
        try {
            return incus.exec(container.name(), TmuxCommands.hasSession(container.name()),
                    SessionTmux.options(container)).succeeded();
        } catch (IncusException e) {
            return false;
        }
    }
}
