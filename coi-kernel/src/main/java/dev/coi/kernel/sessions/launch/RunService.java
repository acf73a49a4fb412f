package dev.coi.kernel.sessions.launch;

import dev.coi.api.ExecOptions;
import dev.coi.api.NetworkMode;
import dev.coi.api.Progress;
import dev.coi.api.SessionEvent;
import dev.coi.api.SessionPlan;
import dev.coi.api.ToolRunning;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.network.SessionNetwork;
import dev.coi.kernel.incus.ClaimedCommand;
import dev.coi.kernel.incus.ContainerRuntime;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.sessions.LostChildRetry;
import dev.coi.kernel.sessions.SessionContainer;
import dev.coi.kernel.sessions.SessionLabels;
import dev.coi.kernel.sessions.TerminalAttach;
import dev.coi.kernel.sessions.WorkspaceMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code coi run -- CMD ARGS}: a session container made like {@code coi shell}'s, the command run in it as the
 * session user with its output streamed, and the container removed afterwards on every path (stopped instead
 * when persistent). coi exits with the command's exit code.
 */
public final class RunService {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** The exit code of a command stopped by {@code --timeout}, as {@code timeout(1)} has it. */
    public static final int TIMED_OUT = 124;

    private final LaunchContext context;
    private final Progress progress;
    private final ContainerRuntime incus;
    private final SessionStart start;

    public RunService(LaunchContext context) {
        this.context = context;
        this.progress = context.progress();
        this.incus = context.incus();
        this.start = new SessionStart(context);
    }

    /**
     * @param launch the container flags
     * @param words the program and its arguments, or one shell command ({@link RunCommandLine})
     * @param timeout how long the command may run; after that it is stopped, with the container
     * @return the command's exit code; {@link #TIMED_OUT} when it ran out of time
     */
    public int run(LaunchRequest launch, List<String> words, Optional<Duration> timeout) throws InterruptedException {
        if (words.isEmpty()) {
            throw CoiException.usage("no command given: coi run -- COMMAND [ARGS...]");
        }
        List<String> command = RunCommandLine.of(words);
        SessionTimings timings = context.timings();
        LaunchPlan plan = LaunchPlan.of(launch, context.config(), context.workingDirectory(), context.hostHome(),
                () -> context.incus().host().here());
        boolean persistent = launch.persistent().orElse(context.config().persistent());
        List<Instance> instances = start.reapStoppedAndList();
        WorkspaceOwner owner = start.workspaceOwner(plan.workspace());
        start.requireImage(plan.image());
        start.requireMountable(plan);
        SessionNetwork.Preparation network = start.prepareNetwork(plan.network());
        Optional<Instance> reused = persistent ? stoppedPersistent(plan, instances) : Optional.empty();
        String sessionId = reused.flatMap(existing -> SessionContainer.of(existing).sessionId())
                .orElseGet(() -> UUID.randomUUID().toString());
        SessionPlan planned = new SessionPlan(sessionId, plan.workspace(), context.config().tool().name(), persistent,
                plan.network());
        context.lifecycles().planned(planned);
        start.guardGit(plan.workspace(), instances);
        SessionBlueprint blueprint = SessionBlueprint.of(plan.image(), sessionId, plan.workspace(), persistent,
                context.config().tool().name(), plan.network(), owner, plan.mounts(),
                context.config().protectGit()).withNetwork(network).withLimits(context.limits())
                .withWorkspace(plan.workspaceMode());
        SessionStart.makeHostDirectories(blueprint);
        AtomicReference<String> containerName = new AtomicReference<>();
        try (SessionGuard guard = new SessionGuard(() -> finish(containerName.get(), sessionId, persistent, plan.workspace()))) {
            timings.phase("prepare");
            String name;
            Placement placement = null;
            if (reused.isPresent()) {
                name = reused.get().name();
                containerName.set(name);
                progress.info("Restarting existing persistent container " + name + "...");
            } else {
                ContainerPlacer placer = new ContainerPlacer(incus, context.names(), context.finisher(), progress);
                placement = guard.creating(() -> placer.place(plan.workspace(), plan.slot(), false,
                        Optional.empty(), blueprint::spec, containerName::set, instances));
                name = placement.name();
                containerName.set(name);
            }
            progress.info("Container: " + name);
            context.limits().announce();
            SessionUser user;
            try {
                user = reused.isPresent() ? restart(reused.get(), planned, owner)
                        : startNew(planned, name, blueprint.startedByCreate(), plan.workspaceMode());
            } catch (RuntimeException | InterruptedException e) {
                guard.end(() -> finish(name, sessionId, persistent, plan.workspace()));
                throw e;
            } finally {
                if (placement != null) {
                    placement.close();
                }
            }
            boolean terminal = context.stdio().inputIsTerminal();
            ClaimedCommand claim = ClaimedCommand.in(incus, name, user.home());
            LostChildRetry.Retrying attached;
            int exitCode;
            try {
                context.lifecycles().toolRunning(new ToolRunning(planned.in(name), false));
                attached = new LostChildRetry(context.attach()).start(new TerminalAttach.Request(name,
                        claim.wrap(command, terminal), new ExecOptions(user.uid(), user.gid(), SessionMounts.WORKSPACE,
                                environment(plan, user, terminal)), terminal), () -> true);
                guard.attached(attached);
                timings.phase("tool start");
                exitCode = timeout.isPresent() ? waitAtMost(attached, timeout.get()) : attached.waitFor();
            } catch (RuntimeException | InterruptedException e) {
                // a try that could not be started (again), or an interrupted wait: the container goes, as after one
                guard.end(() -> finish(name, sessionId, persistent, plan.workspace()));
                throw e;
            }
            guard.attached(null);
            if (persistent) {
                claim.remove();
            }
            timings.total();
            guard.end(() -> finish(name, sessionId, persistent, plan.workspace()));
            if (attached.lostEveryTry()) {
                throw lostEveryTry();
            }
            return exitCode;
        }
    }

    /** What coi says when Incus lost every try: the command did not run, and trying again later may well work. */
    static CoiException lostEveryTry() {
        return CoiException.failure("the command did not run: Incus lost the process it started for it, "
                + LostChildRetry.TRIES + " times in a row (\"" + LostChildRetry.INCUS_ERROR + "\"), which happens"
                + " when the host is very busy. Try again: the same coi run once more");
    }

    /** Waits for the command; when it runs longer than the timeout, stops it (the container goes after it). */
    private int waitAtMost(TerminalAttach.Attached attached, Duration timeout) throws InterruptedException {
        AtomicBoolean late = new AtomicBoolean();
        Thread timer = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(timeout);
            } catch (InterruptedException e) {
                return;
            }
            late.set(true);
            attached.stop();
        });
        try {
            int exitCode = attached.waitFor();
            if (late.get()) {
                progress.warn("the command ran longer than --timeout " + timeout.toSeconds() + "s; stopped it");
                return TIMED_OUT;
            }
            return exitCode;
        } finally {
            timer.interrupt();
        }
    }

    /**
     * The stopped persistent container of the slot asked for, which {@code coi run --persistent --slot N} runs in
     * again, as the reference tool does. A running one is another session's and is not touched (the run takes the
     * next free slot); one of another workspace (its label) neither.
     */
    private Optional<Instance> stoppedPersistent(LaunchPlan plan, List<Instance> instances) {
        if (plan.slot().isEmpty()) {
            return Optional.empty();
        }
        String name = context.names().name(plan.workspace(), plan.slot().getAsInt());
        return instances.stream()
                .filter(instance -> instance.name().equals(name))
                .filter(instance -> {
                    SessionContainer container = SessionContainer.of(instance);
                    return container.isStopped() && container.persistent() && container.isLabelled()
                            && container.workspace().equals(Optional.of(plan.workspace()));
                })
                .findFirst();
    }

    /** A new container: started by its create request or, when coi chose its address, after its rules. */
    private SessionUser startNew(SessionPlan planned, String name, boolean startedByCreate,
            WorkspaceMode workspaceMode) throws InterruptedException {
        SessionEvent session = planned.in(name);
        String sessionId = session.sessionId();
        NetworkMode network = session.network();
        SessionTimings timings = context.timings();
        timings.phase(startedByCreate ? "create+start" : "create");
        PendingNetwork rules = startedByCreate ? PendingNetwork.start(start, name, sessionId, network)
                : PendingNetwork.inPlace();
        try {
            context.lifecycles().containerCreated(session);
            if (!startedByCreate) {
                context.lifecycles().beforeStart(session);
                start.enforceNetworkThenStart(name, sessionId, network, timings);
                timings.phase("start");
            }
            Readiness.await(incus, name, Readiness.DEADLINE);
            timings.phase("ready");
            SessionUser user = SessionUser.of(incus, name);
            start.copyWorkspaceIn(name, planned, user, workspaceMode);
            timings.phase("setup");
            rules.await();
            timings.phase("network");
            context.lifecycles().started(session);
            return user;
        } catch (RuntimeException | InterruptedException e) {
            rules.settle();
            throw e;
        }
    }

    /**
     * A stopped persistent container started again with today's limits and owner mapping; its network rules go in
     * place before it boots when its address is known then, as for a new one.
     */
    private SessionUser restart(Instance existing, SessionPlan planned, WorkspaceOwner owner)
            throws InterruptedException {
        SessionTimings timings = context.timings();
        String name = existing.name();
        String sessionId = planned.sessionId();
        NetworkMode network = planned.network();
        context.limits().applyTo(existing);
        OwnerMapping.bringUpToDate(incus, existing, owner, progress);
        boolean rulesFirst = SessionNetwork.addressKnownBeforeStart(existing);
        context.lifecycles().beforeStart(planned.in(name));
        if (rulesFirst) {
            start.enforceNetwork(name, sessionId, network);
        }
        incus.start(name);
        Readiness.await(incus, name, Readiness.DEADLINE);
        if (!rulesFirst) {
            start.enforceNetwork(name, sessionId, network);
        }
        timings.phase("restart");
        context.lifecycles().started(planned.in(name));
        SessionContainer container = SessionContainer.of(existing);
        return new SessionUser(container.uid(), container.uid(), container.home());
    }

    private Map<String, String> environment(LaunchPlan plan, SessionUser user, boolean terminal) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("HOME", user.home());
        if (terminal) {
            environment.put("TERM", TerminalTypes.sanitize(context.variables().get("TERM")));
        }
        environment.put("IS_SANDBOX", "1");
        environment.putAll(plan.environment());
        return environment;
    }

    /**
     * Removes (or stops, when persistent) the container, if it is this run's: a name can be another coi's; then
     * undoes what the run left in the repository that host git would run.
     */
    private void finish(String name, String sessionId, boolean persistent, Path workspace) {
        try {
            removeOrStop(name, sessionId, persistent);
        } finally {
            context.finisher().checkWorkspace(Optional.of(workspace));
        }
    }

    private void removeOrStop(String name, String sessionId, boolean persistent) {
        if (name == null) {
            return;
        }
        try {
            Instance instance = incus.instance(name).orElse(null);
            if (instance == null || !sessionId.equals(instance.config().get(SessionLabels.SESSION_ID))) {
                return;
            }
            if (!context.workspaces().bringBack(SessionContainer.of(instance))) {
                progress.warn("kept " + name + " with the changes in its workspace: 'coi sync " + name + "' brings"
                        + " them back, 'coi kill " + name + "' discards them");
                return;
            }
            context.lifecycles().ending(SessionContainer.of(instance).ending());
            if (!persistent) {
                incus.deleteForcibly(name);
                return;
            }
            if (instance.isRunning()) {
                try {
                    incus.stop(name, STOP_TIMEOUT, false);
                } catch (IncusException e) {
                    incus.stop(name, Duration.ZERO, true);
                }
                progress.info("Stopped the persistent container " + name);
            }
        } catch (IncusException e) {
            progress.warn("could not " + (persistent ? "stop" : "remove") + " container " + name + ": "
                    + e.getMessage() + "; do it with 'coi kill " + name + "'");
        }
    }
}
