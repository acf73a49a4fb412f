package dev.coi.kernel.sessions.launch;

import dev.coi.api.AiTool;
import dev.coi.api.ExecOptions;
import dev.coi.api.Progress;
import dev.coi.api.NetworkMode;
import dev.coi.api.SessionEvent;
import dev.coi.api.SessionPlan;
import dev.coi.api.ToolLaunch;
import dev.coi.api.ToolRunning;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.network.SessionNetwork;
import dev.coi.kernel.containers.IncusContainerHandle;
import dev.coi.kernel.incus.ClaimedCommand;
import dev.coi.kernel.incus.ContainerRuntime;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.plugin.PluginProblem;
import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.SavedSession;
import dev.coi.kernel.sessions.AttachReturn;
import dev.coi.kernel.sessions.LostChildRetry;
import dev.coi.kernel.sessions.SessionContainer;
import dev.coi.kernel.sessions.SessionLabels;
import dev.coi.kernel.sessions.SessionMetadata;
import dev.coi.kernel.sessions.SessionStore;
import dev.coi.kernel.sessions.TerminalAttach;
import dev.coi.kernel.sessions.WorkspaceMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * {@code coi shell}: a session container made (or a persistent one reused), the tool's files put in, the tool
 * started in tmux as the session user, the terminal attached; and when the terminal comes back, the session saved,
 * and ended unless the user only detached.
 */
public final class ShellService {

    /** How long a graceful stop of an ending session may take before it is forced. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final LaunchContext context;
    private final Progress progress;
    private final ContainerRuntime incus;
    private final SessionStart start;

    public ShellService(LaunchContext context) {
        this.context = context;
        this.progress = context.progress();
        this.incus = context.incus();
        this.start = new SessionStart(context);
    }

    /** Runs the session; returns when the user detached or the session ended (at once with --background). */
    public int run(ShellRequest request) throws InterruptedException {
        SessionTimings timings = context.timings();
        Prepared prepared = prepare(request);
        Optional<SavedSession> resumed = prepared.resumed();
        LaunchPlan plan = prepared.plan();
        String sessionId = resumed.map(SavedSession::id).orElseGet(() -> UUID.randomUUID().toString());
        OptionalInt slot = plan.slot().isPresent() ? plan.slot()
                : slotOfResumedContainer(resumed, plan, prepared.instances());
        SessionPlan planned = prepared.planned(sessionId);
        context.lifecycles().planned(planned);
        start.guardGit(plan.workspace(), prepared.instances());
        start(prepared, planned, request, timings, (placer, blueprint, creating) -> placer.place(plan.workspace(),
                slot, true, resumed.map(SavedSession::id), blueprint::spec, creating, prepared.instances()));
        return 0;
    }

    /**
     * What sessions of one request share, found before anything is made for them: the plan, the tool, the instances
     * as listed now (stopped leftovers reaped), the saved session to resume, the image's presence, the network's
     * preparation.
     */
    Prepared prepare(ShellRequest request) {
        if (request.background() && !request.tmux()) {
            throw CoiException.usage("--background needs tmux: leave out --tmux=false");
        }
        LaunchPlan plan = LaunchPlan.of(request.launch(), context.config(), context.workingDirectory(),
                context.hostHome(), () -> context.incus().host().here());
        AiTool tool = tool();
        List<Instance> instances = start.reapStoppedAndList();
        SessionStore store = context.stores().apply(tool.name());
        Optional<SavedSession> resumed = resume(request.resume(), store, plan);
        boolean persistent = persistent(request.launch(), resumed);
        WorkspaceOwner owner = start.workspaceOwner(plan.workspace());
        String fingerprint = start.requireImage(plan.image());
        if (!request.debug()) {
            start.requireTool(plan.image(), fingerprint, tool);
        }
        start.requireMountable(plan);
        SessionNetwork.Preparation network = start.prepareNetwork(plan.network());
        return new Prepared(plan, tool, instances, store, resumed, persistent, owner, network);
    }

    /**
     * Starts a new session of a prepared request in the background, in a slot of {@code free}; the guard of the
     * workspace's repository must have run.
     *
     * @return the session and its container
     */
    BackgroundSession startNewInBackground(Prepared prepared, ShellRequest request, FreeSlots free)
            throws InterruptedException {
        SessionTimings timings = context.timings();
        SessionPlan planned = prepared.planned(UUID.randomUUID().toString());
        context.lifecycles().planned(planned);
        String container = start(prepared, planned, request, timings, (placer, blueprint, creating) ->
                placer.placeNew(prepared.plan().workspace(), free, blueprint::spec, creating));
        return new BackgroundSession(planned.sessionId(), container);
    }

    /** A session started in the background. */
    record BackgroundSession(String sessionId, String container) {
    }

    /** Guards the workspace's repository once for sessions started together, as {@link #run} does for one. */
    void guardGit(Prepared prepared) {
        start.guardGit(prepared.plan().workspace(), prepared.instances());
    }

    /**
     * What sessions of one request share.
     *
     * @param resumed the saved session to continue, if any
     * @param persistent whether the container is kept after the session
     */
    record Prepared(LaunchPlan plan, AiTool tool, List<Instance> instances, SessionStore store,
            Optional<SavedSession> resumed, boolean persistent, WorkspaceOwner owner,
            SessionNetwork.Preparation network) {

        SessionPlan planned(String sessionId) {
            return new SessionPlan(sessionId, plan.workspace(), tool.name(), persistent, plan.network());
        }
    }

    /** Creates the session's container, or finds the one it continues in. */
    @FunctionalInterface
    private interface Placing {
        Placement place(ContainerPlacer placer, SessionBlueprint blueprint, Consumer<String> creating);
    }

    /** Places the session, sets it up and starts its tool; returns when the user detached or it ended. */
    private String start(Prepared prepared, SessionPlan planned, ShellRequest request, SessionTimings timings,
            Placing placing) throws InterruptedException {
        LaunchPlan plan = prepared.plan();
        AiTool tool = prepared.tool();
        Optional<SavedSession> resumed = prepared.resumed();
        String sessionId = planned.sessionId();
        boolean persistent = prepared.persistent();
        SessionBlueprint blueprint = SessionBlueprint.of(plan.image(), sessionId, plan.workspace(), persistent,
                tool.name(), plan.network(), prepared.owner(), plan.mounts(), context.config().protectGit())
                .withNetwork(prepared.network()).withLimits(context.limits()).withWorkspace(plan.workspaceMode());
        SessionStart.makeHostDirectories(blueprint);
        AtomicReference<String> containerName = new AtomicReference<>();
        AtomicReference<String> containerSession = new AtomicReference<>(sessionId);
        try (SessionGuard guard = new SessionGuard(() -> endOnSignal(containerName.get(), containerSession.get()))) {
            timings.phase("prepare");
            ContainerPlacer placer = new ContainerPlacer(incus, context.names(), context.finisher(), progress);
            Placement placement = guard.creating(() -> placing.place(placer, blueprint, containerName::set));
            String name = placement.name();
            containerName.set(name);
            if (placement.created()) {
                progress.step("Setting up session " + sessionId + " in " + name + "...");
            }
            Session session;
            try (placement) {
                session = placement.created()
                        ? setUpNew(name, tool, planned, resumed, blueprint.startedByCreate(), plan.workspaceMode(),
                                guard, timings)
                        : reuse(name, tool, planned, prepared.store(), prepared.owner(), timings);
            }
            containerSession.set(session.sessionId());
            recordStart(prepared.store(), name, session, plan, tool);
            toolRunning(name, session, planned, placement, guard);
            Map<String, String> environment = environment(plan, tool, session.user());
            List<String> toolCommand = request.debug() ? List.of("bash") : SandboxContext.wrap(tool,
                    tool.commandLine(session.launch().withPermissionMode(context.config().tool().permissionMode())),
                    planned.network(), context.config().network(), session.persistent());
            StartBanner.Mode mode = !request.tmux() ? StartBanner.Mode.DIRECT
                    : request.background() ? StartBanner.Mode.BACKGROUND : StartBanner.Mode.INTERACTIVE;
            describe(session.sessionId(), name, plan, mode, resumed.isPresent(), persistent);
            if (!request.tmux()) {
                timings.total();
                runDirectly(name, session.user(), toolCommand, environment, guard);
                return name;
            }
            TmuxSession tmux = new TmuxSession(incus, name, session.user());
            boolean running = !placement.created() && tmux.isAlive();
            if (running) {
                progress.info(request.background() ? "The tmux session runs already in " + name
                        : "Attaching to existing tmux session: " + tmux.name());
            } else {
                startTool(tmux, toolCommand, request.debug(), environment, placement, guard);
            }
            timings.phase("tool start");
            timings.total();
            if (request.background()) {
                // the reference's lines, which scripts follow, then how to come back
                if (!running) {
                    progress.info("Created background tmux session: " + tmux.name());
                }
                progress.info("Use 'coi tmux capture " + name + "' to view output");
                progress.info("Use 'coi tmux send " + name + " \"<command>\"' to send commands");
                progress.info("Attach with: coi attach " + name);
                guard.release();
                return name;
            }
            new TmuxAttach(attachRequest -> attach(attachRequest, guard), tmux::isAlive, guard, progress)
                    .run(new TerminalAttach.Request(name, tmux.attachCommand(),
                            tmux.options(Map.of("TERM", environment.get("TERM"))), true));
            afterAttach(name, tmux, guard);
            return name;
        }
    }

    /**
     * The session as it runs in its container.
     *
     * @param joined whether it ran already before this coi (a reattach), so that it keeps the start its deadline
     *               counts from
     */
    private record Session(String sessionId, SessionUser user, ToolLaunch launch, boolean joined, boolean persistent) {
    }

    /**
     * Writes the session's {@code metadata.json} as it starts, as the reference tool does, so that {@code coi info}
     * and {@code coi list --all} show it (the newest) while it runs; its state is saved when it ends. Only what coi
     * itself knows goes in, nothing the container says.
     */
    private void recordStart(SessionStore store, String name, Session session, LaunchPlan plan, AiTool tool) {
        try {
            store.writeMetadata(new SessionMetadata(session.sessionId(), name, session.persistent(),
                    plan.workspace().toString(), SessionMetadata.now(), tool.name(), plan.image(),
                    plan.workspaceMode().configName()));
        } catch (IOException | UncheckedIOException e) {
            progress.warn("cannot write the metadata of session " + session.sessionId() + " to "
                    + store.sessionDirectory(session.sessionId()) + ": " + e.getMessage() + "; it is written again"
                    + " when the session is saved");
        }
    }

    private AiTool tool() {
        String name = context.config().tool().name();
        return context.plugins().tool(name).orElseThrow(() -> {
            Optional<PluginProblem> broken = context.plugins().problems().stream()
                    .filter(problem -> Path.of(problem.where()).getFileName().toString().equals(name + ".toml"))
                    .findFirst();
            if (broken.isPresent()) {
                return CoiException.usage("the tool '" + name + "' (tool.name) is declared in " + broken.get().where()
                        + ", which cannot be used:\n" + broken.get().message());
            }
            String installed = context.plugins().extensions(AiTool.class).stream().map(AiTool::name)
                    .collect(Collectors.joining(", "));
            return CoiException.usage("unknown tool '" + name + "' (tool.name): " + (installed.isEmpty()
                    ? "no AI tool plugin is installed" : "the installed tools are " + installed)
                    + "; see 'coi tool list'");
        });
    }

    private Optional<SavedSession> resume(Optional<String> resume, SessionStore store, LaunchPlan plan) {
        if (resume.isEmpty()) {
            return Optional.empty();
        }
        String id = resume.get();
        if (id.isEmpty() || id.equals("auto")) {
            SavedSession newest = store.newestFor(plan.workspace()).orElseThrow(() -> CoiException.failure(
                    "no previous session to resume for this workspace: no saved sessions found for workspace "
                            + plan.workspace() + "; see all saved sessions with 'coi list --all'"));
            progress.info("Auto-detected session: " + newest.id());
            return Optional.of(newest);
        }
        if (!SessionStore.isSessionId(id)) {
            throw CoiException.usage("invalid session id '" + id + "' - check available sessions with: coi list --all");
        }
        SavedSession found = store.find(id).orElseThrow(() -> CoiException.failure("session '" + id
                + "' not found - check available sessions with: coi list --all"));
        progress.info("Resuming session: " + id);
        return Optional.of(found);
    }

    private boolean persistent(LaunchRequest launch, Optional<SavedSession> resumed) {
        if (launch.persistent().isPresent()) {
            return launch.persistent().get();
        }
        Optional<Boolean> inherited = resumed.flatMap(SavedSession::metadata).map(SessionMetadata::persistent);
        if (inherited.isPresent()) {
            if (inherited.get()) {
                progress.info("Inherited persistent mode from session");
            }
            return inherited.get();
        }
        return context.config().persistent();
    }

    /**
     * A resumed session whose container still exists (persistent, or running because the user only detached)
     * continues in that container rather than in a second one.
     */
    private OptionalInt slotOfResumedContainer(Optional<SavedSession> resumed, LaunchPlan plan,
            List<Instance> instances) {
        if (resumed.isEmpty()) {
            return OptionalInt.empty();
        }
        String id = resumed.get().id();
        String hash = ContainerNames.workspaceHash(plan.workspace());
        return instances.stream()
                .filter(instance -> id.equals(instance.config().get(SessionLabels.SESSION_ID)))
                .map(instance -> context.names().parse(instance.name()))
                .flatMap(Optional::stream)
                .filter(parsed -> parsed.workspaceHash().equals(hash))
                .mapToInt(parsed -> parsed.slot())
                .findFirst();
    }

    private Session setUpNew(String name, AiTool tool, SessionPlan planned, Optional<SavedSession> resumed,
            boolean startedByCreate, WorkspaceMode workspaceMode, SessionGuard guard, SessionTimings timings)
            throws InterruptedException {
        String sessionId = planned.sessionId();
        NetworkMode network = planned.network();
        timings.phase(startedByCreate ? "create+start" : "create");
        String step = "putting its network rules in place and starting it";
        PendingNetwork rules = startedByCreate ? PendingNetwork.start(start, name, sessionId, network)
                : PendingNetwork.inPlace();
        try {
            context.lifecycles().containerCreated(planned.in(name));
            if (!startedByCreate) {
                context.lifecycles().beforeStart(planned.in(name));
                start.enforceNetworkThenStart(name, sessionId, network, timings);
                timings.phase("start");
            }
            step = "waiting for it to run commands";
            Readiness.await(incus, name, Readiness.DEADLINE);
            timings.phase("ready");
            step = "reading its users";
            SessionUser user = SessionUser.of(incus, name);
            if (!user.equals(SessionUser.CODE)) {
                progress.info("Note: the image has no user with uid " + SessionContainer.CODE_UID + "; the tool runs as "
                        + "root in " + user.home());
                incus.update(name, Map.of(SessionLabels.UID, Integer.toString(user.uid()), SessionLabels.HOME,
                        user.home()), Map.of());
            }
            step = "copying the workspace in";
            start.copyWorkspaceIn(name, planned, user, workspaceMode);
            step = "putting the files of " + tool.name() + " in";
            context.injectors().apply(tool).inject(new IncusContainerHandle(incus, name), user.home(), user.uid(),
                    user.gid(), resumed);
            timings.phase("setup");
            step = "putting its network rules in place";
            rules.await();
            timings.phase("network");
            context.lifecycles().started(planned.in(name));
            // a saved session without tool state (the tool never wrote any) has no conversation to continue
            ToolLaunch launch = resumed.filter(SavedSession::hasState).isPresent()
                    ? ToolLaunch.resumed(sessionId, toolSessionId(tool, resumed.get()))
                    : ToolLaunch.fresh(sessionId);
            return new Session(sessionId, user, launch, false, planned.persistent());
        } catch (RuntimeException | InterruptedException e) {
            rules.settle();
            failNew(name, step, e, guard);
            throw e;
        }
    }

    private Session reuse(String name, AiTool tool, SessionPlan planned, SessionStore store, WorkspaceOwner owner,
            SessionTimings timings) throws InterruptedException {
        NetworkMode network = planned.network();
        Instance existing = incus.instance(name).orElseThrow(() -> CoiException.failure("container " + name
                + " disappeared while the session started; start again"));
        context.limits().applyTo(existing);
        OwnerMapping.bringUpToDate(incus, existing, owner, progress);
        SessionContainer container = SessionContainer.of(existing);
        String id = container.sessionId().orElse(planned.sessionId());
        SessionEvent event = new SessionEvent(id, name, planned.workspace(), planned.toolName(), container.persistent(),
                network);
        if (!existing.isRunning()) {
            context.lifecycles().beforeStart(event);
        }
        // a container whose address coi chose gets its rules before it boots, as a new one
        boolean rulesFirst = !existing.isRunning() && SessionNetwork.addressKnownBeforeStart(existing);
        if (rulesFirst) {
            start.enforceNetwork(name, id, network);
            timings.phase("network");
        }
        if (!existing.isRunning()) {
            incus.start(name);
            timings.phase("start");
        }
        Readiness.await(incus, name, Readiness.DEADLINE);
        timings.phase("ready");
        if (!rulesFirst) {
            start.enforceNetwork(name, id, network);
            timings.phase("network");
        }
        context.lifecycles().started(event);
        progress.step("Continuing session " + id + " in " + name + "...");
        SessionUser user = new SessionUser(container.uid(), container.uid(), container.home());
        // the tool's state lives in the container; a save makes the tool's own session id findable
        context.finisher().save(container);
        Optional<SavedSession> saved = store.find(id);
        Optional<String> toolSession = saved.flatMap(session -> toolSessionId(tool, session));
        ToolLaunch launch = toolSession.isPresent() ? ToolLaunch.resumed(id, toolSession) : ToolLaunch.fresh(id);
        timings.phase("setup");
        return new Session(id, user, launch, existing.isRunning(), container.persistent());
    }

    /**
     * The tool is about to start: its hooks (the deadline) go first. When they refuse, a container made for the
     * session is removed, as after a failed setup.
     */
    private void toolRunning(String name, Session session, SessionPlan planned, Placement placement,
            SessionGuard guard) {
        SessionEvent event = new SessionEvent(session.sessionId(), name, planned.workspace(), planned.toolName(),
                session.persistent(), planned.network());
        try {
            context.lifecycles().toolRunning(new ToolRunning(event, session.joined()));
        } catch (RuntimeException e) {
            if (placement.created()) {
                failNew(name, "starting the session's deadline and hooks", e, guard);
            }
            throw e;
        }
    }

    private static Optional<String> toolSessionId(AiTool tool, SavedSession saved) {
        return tool.configDirectory().flatMap(directory -> tool.discoverSessionId(saved.stateDirectory(directory)));
    }

    /**
     * HOME, a TERM the image knows, IS_SANDBOX, the host variables the user named for the tool, then the configured
     * and the -e variables; nothing else of the host.
     */
    private Map<String, String> environment(LaunchPlan plan, AiTool tool, SessionUser user) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("HOME", user.home());
        environment.put("TERM", TerminalTypes.sanitize(context.variables().get("TERM")));
        environment.put("IS_SANDBOX", "1");
        environment.putAll(ToolEnvironment.of(tool, context.config(), context.variables()));
        environment.putAll(plan.environment());
        environment.put("TERM", TerminalTypes.sanitize(environment.get("TERM")));
        return environment;
    }

    private void startTool(TmuxSession tmux, List<String> toolCommand, boolean debug, Map<String, String> environment,
            Placement placement, SessionGuard guard) {
        String command = ShellQuoting.join(toolCommand) + (debug ? "" : "; exec bash");
        try {
            tmux.start(command, environment);
        } catch (RuntimeException e) {
            if (placement.created()) {
                failNew(placement.name(), "starting the tool in tmux", e, guard);
            }
            throw e;
        }
    }

    private void runDirectly(String name, SessionUser user, List<String> toolCommand, Map<String, String> environment,
            SessionGuard guard) throws InterruptedException {
        ClaimedCommand claim = ClaimedCommand.in(incus, name, user.home());
        LostChildRetry.Retrying attached = new LostChildRetry(request -> attach(request, guard)).start(
                new TerminalAttach.Request(name, claim.wrap(toolCommand, true),
                        new ExecOptions(user.uid(), user.gid(), SessionMounts.WORKSPACE, environment), true),
                () -> !guard.ending());
        guard.attached(attached);
        attached.waitFor();
        guard.attached(null);
        claim.remove();
        if (attached.lostEveryTry()) {
            progress.warn("the tool did not start: Incus lost the process it started for it, " + LostChildRetry.TRIES
                    + " times in a row (\"" + LostChildRetry.INCUS_ERROR + "\"), which happens when the host is very"
                    + " busy. Try again");
        }
        Optional<Instance> now = incus.instance(name);
        if (now.isEmpty()) {
            progress.info("Container " + name + " is gone");
            return;
        }
        guard.end(() -> context.finisher().end(SessionContainer.of(now.get()), STOP_TIMEOUT));
    }

    /** Attaches the terminal; when that cannot even start, the session is ended rather than left running unseen. */
    private TerminalAttach.Attached attach(TerminalAttach.Request request, SessionGuard guard) {
        try {
            TerminalAttach.Attached attached = context.attach().start(request);
            guard.attached(attached);
            return attached;
        } catch (RuntimeException e) {
            incus.instance(request.container()).map(SessionContainer::of).ifPresent(container ->
                    guard.end(() -> context.finisher().end(container, STOP_TIMEOUT)));
            throw e;
        }
    }

    /** The terminal came back: the container stopped, the tmux session ended, or the user detached. */
    private void afterAttach(String name, TmuxSession tmux, SessionGuard guard) {
        AttachReturn attachReturn = new AttachReturn(incus, context.finisher(), progress, STOP_TIMEOUT);
        guard.end(() -> {
            try {
                if (attachReturn.settle(name, tmux::isAlive) == AttachReturn.Outcome.DETACHED) {
                    progress.info("Detached. The session goes on in " + name + ": re-attach with 'coi attach " + name
                            + "', end it with 'coi shutdown " + name + "'");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void failNew(String name, String step, Exception cause, SessionGuard guard) {
        guard.end(() -> start.removeNew(name));
        progress.warn("setting up the session failed while " + step + "; removed the new container " + name);
    }

    private void endOnSignal(String name, String sessionId) {
        if (name == null) {
            return;
        }
        Optional<Instance> instance = incus.instance(name);
        if (instance.isEmpty() || !sessionId.equals(instance.get().config().get(SessionLabels.SESSION_ID))) {
            return;
        }
        progress.info("Interrupted: ending session " + sessionId + "...");
        context.finisher().end(SessionContainer.of(instance.get()), STOP_TIMEOUT);
    }

    private void describe(String sessionId, String name, LaunchPlan plan, StartBanner.Mode mode, boolean resumed,
            boolean persistent) {
        new StartBanner(sessionId, name, plan.workspace(), mode).head().forEach(progress::info);
        context.limits().announce();
        StartBanner.resumeMode(resumed, persistent).ifPresent(progress::info);
        progress.info("");
    }
}
