package dev.coi.kernel.sessions.launch;

import dev.coi.api.ExecOptions;
import dev.coi.api.Progress;
import dev.coi.kernel.CoiException;
import dev.coi.kernel.network.SessionNetwork;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.sessions.SessionLabels;
import dev.coi.kernel.sessions.TerminalAttach;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code coi run -- CMD ARGS}: a session container made like {@code coi shell}'s, the command run in it as the
 * session user with its output streamed, and the container removed afterwards on every path (stopped instead
 * when persistent). coi exits with the command's exit code.
 */
public final class RunService {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final LaunchContext context;
    private final Progress progress;
    private final IncusClient incus;
    private final SessionStart start;

    public RunService(LaunchContext context) {
        this.context = context;
        this.progress = context.progress();
        this.incus = context.incus();
        this.start = new SessionStart(context);
    }

    /**
     * @param launch the container flags
     * @param command the program and its arguments, run without a shell
     * @return the command's exit code
     */
    public int run(LaunchRequest launch, List<String> command) throws InterruptedException {
        if (command.isEmpty()) {
            throw CoiException.usage("no command given: coi run -- COMMAND [ARGS...]");
        }
        SessionTimings timings = context.timings();
        LaunchPlan plan = LaunchPlan.of(launch, context.config(), context.workingDirectory(), context.hostHome());
        boolean persistent = launch.persistent().orElse(context.config().persistent());
        List<Instance> instances = start.reapStoppedAndList();
        WorkspaceOwner owner = start.workspaceOwner(plan.workspace());
        start.requireImage(plan.image());
        SessionNetwork.Preparation network = start.prepareNetwork(plan.network());
        String sessionId = UUID.randomUUID().toString();
        start.guardGit(plan.workspace(), instances);
        SessionBlueprint blueprint = SessionBlueprint.of(plan.image(), sessionId, plan.workspace(), persistent,
                context.config().tool().name(), plan.network(), owner, plan.mounts(),
                context.config().protectGit()).withNetwork(network).withLimits(context.limits());
        SessionStart.makeHostDirectories(blueprint);
        AtomicReference<String> containerName = new AtomicReference<>();
        try (SessionGuard guard = new SessionGuard(() -> finish(containerName.get(), sessionId, persistent, plan.workspace()))) {
            timings.phase("prepare");
            ContainerPlacer placer = new ContainerPlacer(incus, context.names(), context.finisher(), progress);
            Placement placement = guard.creating(() -> placer.place(plan.workspace(), plan.slot(), false,
                    Optional.empty(), blueprint::spec, containerName::set, instances));
            String name = placement.name();
            containerName.set(name);
            progress.info("Container: " + name);
            context.limits().announce();
            context.limits().startDeadline(name, sessionId, false);
            boolean startedByCreate = blueprint.startedByCreate();
            timings.phase(startedByCreate ? "create+start" : "create");
            SessionUser user;
            PendingNetwork rules = startedByCreate ? PendingNetwork.start(start, name, sessionId, plan.network())
                    : PendingNetwork.inPlace();
            try {
                if (!startedByCreate) {
                    start.enforceNetworkThenStart(name, sessionId, plan.network());
                    timings.phase("network+start");
                }
                Readiness.await(incus, name, Readiness.DEADLINE);
                timings.phase("ready");
                user = SessionUser.of(incus, name);
                timings.phase("setup");
                rules.await();
                timings.phase("network");
            } catch (RuntimeException | InterruptedException e) {
                rules.settle();
                guard.end(() -> finish(name, sessionId, persistent, plan.workspace()));
                throw e;
            }
            boolean terminal = context.stdio().inputIsTerminal();
            TerminalAttach.Attached attached = context.attach().start(new TerminalAttach.Request(name, command,
                    new ExecOptions(user.uid(), user.gid(), SessionMounts.WORKSPACE, environment(plan, user, terminal)),
                    terminal));
            guard.attached(attached);
            timings.phase("tool start");
            int exitCode = attached.waitFor();
            guard.attached(null);
            timings.total();
            guard.end(() -> finish(name, sessionId, persistent, plan.workspace()));
            return exitCode;
        }
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
