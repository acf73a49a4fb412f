package dev.coi.kernel.wiring;

import dev.coi.api.FileOwnership;
import dev.coi.api.Progress;
import dev.coi.api.SessionWatcher;
import dev.coi.kernel.config.ConfigEnvironment;
import dev.coi.kernel.config.ConfigException;
import dev.coi.kernel.config.LoadedConfig;
import dev.coi.kernel.config.WorkspaceSettings;
import dev.coi.kernel.containers.ContainerService;
import dev.coi.kernel.files.FileTransferService;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.IncusEndpoint;
import dev.coi.kernel.keeper.Keeper;
import dev.coi.kernel.lifecycle.SessionLifecycles;
import dev.coi.kernel.limits.DeadlineDuty;
import dev.coi.kernel.limits.DeadlineRecords;
import dev.coi.kernel.limits.IncusDeadlineContainers;
import dev.coi.kernel.network.SessionNetwork;
import dev.coi.kernel.plugin.PluginRegistry;
import dev.coi.kernel.sessions.ChildStdio;
import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.CredentialVault;
import dev.coi.kernel.sessions.IncusCommandAttach;
import dev.coi.kernel.sessions.SessionFinisher;
import dev.coi.kernel.sessions.SessionStore;
import dev.coi.kernel.sessions.TerminalAttach;
import dev.coi.kernel.sessions.ToolStateInjector;
import dev.coi.kernel.sessions.launch.BackgroundSessions;
import dev.coi.kernel.sessions.launch.LaunchContext;
import dev.coi.kernel.sessions.launch.RunService;
import dev.coi.kernel.sessions.launch.ShellService;
import dev.coi.kernel.sessions.launch.TerminalTypes;
import dev.coi.kernel.sessions.launch.WarningsOnly;
import dev.coi.kernel.sessions.manage.SavedSessions;
import dev.coi.kernel.sessions.manage.SessionAttach;
import dev.coi.kernel.sessions.manage.SessionContainers;
import dev.coi.kernel.sessions.manage.SessionControl;
import dev.coi.kernel.sessions.manage.SessionTmux;
import dev.coi.kernel.snapshots.SnapshotService;
import dev.coi.kernel.watch.AuditEvents;
import dev.coi.kernel.watch.SessionGauges;
import dev.coi.kernel.watch.WatchDuty;
import dev.coi.kernel.workspace.SyncLimits;
import dev.coi.kernel.workspace.WorkspaceCopies;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * The sessions area of one coi invocation: making, running, attaching to, controlling and ending session containers,
 * their files and snapshots, and the keeper that watches them without coi. Each service gets only what it uses; the
 * shared pieces (configuration, plugins, the Incus client) come from the {@link Kernel} when first needed, so that a
 * command pays only for what it uses.
 */
public final class SessionServices {

    private final Kernel kernel;
    private final ConfigEnvironment environment;
    private final Progress progress;
    private final ChildStdio childStdio;

    SessionServices(Kernel kernel) {
        this.kernel = kernel;
        this.environment = kernel.environment();
        this.progress = kernel.progress();
        this.childStdio = kernel.childStdio();
    }

    public ContainerService containers() throws ConfigException {
        return new ContainerService(incus());
    }

    public FileTransferService files() throws ConfigException {
        return new FileTransferService(incus());
    }

    /** The saved sessions of a tool, {@code ~/.coi/sessions-<tool>}. */
    private SessionStore sessionStore(String toolName) {
        return new SessionStore(coiHome(), toolName);
    }

    /** The credentials of a tool that came out of containers, {@code ~/.coi/credentials/<tool>}. */
    private CredentialVault credentialVault(String toolName) {
        return new CredentialVault(coiHome(), toolName);
    }

    /** Copied workspaces: in at the start, back with {@code coi sync} and at the end. */
    public WorkspaceCopies workspaceCopies() throws ConfigException {
        return workspaceCopies(progress);
    }

    private WorkspaceCopies workspaceCopies(Progress reporting) throws ConfigException {
        WorkspaceSettings settings = config().config().workspace();
        return new WorkspaceCopies(incus(), coiHome(), reporting, new SyncLimits(settings.maxBytes(),
                settings.maxFiles()));
    }

    /**
     * The background keeper, for the process that runs it ({@code coi keeper}): network rules and session deadlines
     * of containers that run without coi. Its messages go to {@code log}.
     */
    public Keeper keeper(Progress log) throws ConfigException {
        Supplier<SessionFinisher> finisher = finisher();
        // the resolver first: a new container's first DNS query may come before the other duties' first look is done
        return new Keeper(coiHome(), List.of(sessionNetwork().dnsDuty(log), sessionNetwork().keeperDuty(log),
                new DeadlineDuty(new DeadlineRecords(coiHome()), new IncusDeadlineContainers(incus(), finisher), log,
                        Clock.systemUTC()),
                WatchDuty.of(coiHome(), () -> plugins().extensions(SessionWatcher.class), incus(), finisher,
                        sessionTmux()::alert, sessionNetwork()::refusedPackets, log)),
                log, Clock.systemUTC(), Keeper.linger());
    }

    /** Connects the terminal (or, in memory, the output writers) to a command in a container. */
    private TerminalAttach terminalAttach() throws ConfigException {
        IncusClient incus = incus();
        return new IncusCommandAttach("incus", endpoint(), incus.project(), childStdio,
                (container, path, content, uid, gid) ->
                incus.files().write(container, path, content, new FileOwnership(uid, gid, 0600)),
                (container, path) -> incus.files().delete(container, path));
    }

    /** The session containers of this environment's container name prefix. */
    public SessionContainers sessionContainers() throws ConfigException {
        return new SessionContainers(incus(), ContainerNames.fromEnvironment(environment.variables()), finisher(),
                progress);
    }

    /** The saved sessions of every tool. */
    public SavedSessions savedSessions() {
        return new SavedSessions(coiHome());
    }

    /** Persist, shut down, kill and clean session containers. */
    public SessionControl sessionControl() throws ConfigException {
        return new SessionControl(incus(), finisher(), savedSessions(), progress, lifecycles());
    }

    public SessionTmux sessionTmux() throws ConfigException {
        return new SessionTmux(incus(), sessionContainers());
    }

    public SessionAttach sessionAttach() throws ConfigException {
        return new SessionAttach(incus(), sessionContainers(), terminalAttach(), finisher(), progress,
                TerminalTypes.sanitize(environment.variables().get("TERM")));
    }

    /** Made when first needed, because it loads the plugins. */
    private Supplier<SessionFinisher> finisher() throws ConfigException {
        IncusClient client = incus();
        SessionLifecycles phases = lifecycles();
        WorkspaceCopies copies = workspaceCopies();
        return () -> new SessionFinisher(client, plugins(), coiHome(), environment.home(), progress, phases, copies);
    }

    /** {@code coi snapshot}: Incus snapshots of containers, each with a copy of the saved session. */
    public SnapshotService snapshots() throws ConfigException {
        return new SnapshotService(incus(), this::plugins, coiHome(), ContainerNames.fromEnvironment(
                environment.variables()), environment.variables(), progress, Clock.systemDefaultZone());
    }

    /** {@code coi shell}: makes or reuses a session container, starts the tool and attaches the terminal. */
    public ShellService shell() throws ConfigException {
        return new ShellService(launchContext(progress));
    }

    /** {@code coi run}: runs one command in a new session container that is removed afterwards. */
    public RunService runner() throws ConfigException {
        return new RunService(launchContext(progress));
    }

    /**
     * {@code coi shell --background --count N}: new sessions started together, as many at a time as the host's
     * processors allow; each reports only its warnings.
     */
    public BackgroundSessions backgroundSessions() throws ConfigException {
        return new BackgroundSessions(launchContext(progress), launchContext(new WarningsOnly(progress)),
                BackgroundSessions.parallelismFor(Runtime.getRuntime().availableProcessors()));
    }

    /**
     * What starting a session needs, each part reporting to {@code reporting} (the session phases' hooks excepted):
     * the finisher that saves and removes containers, the injector of a tool's files (saved state, credentials,
     * settings), network isolation, and the resource limits from {@code [limits]} and the {@code --limit-*} flags.
     */
    private LaunchContext launchContext(Progress reporting) throws ConfigException {
        IncusClient client = incus();
        return new LaunchContext(client, config().config(), plugins(), environment.variables(),
                environment.workingDirectory(), environment.home(), reporting, terminalAttach(), childStdio,
                new SessionFinisher(client, plugins(), coiHome(), environment.home(), reporting, lifecycles(),
                        workspaceCopies(reporting)),
                this::sessionStore,
                tool -> new ToolStateInjector(tool, environment.home(), credentialVault(tool.name()), reporting),
                sessionNetwork().reportingTo(reporting), kernel.sessionLimits(client, reporting), lifecycles(),
                workspaceCopies(reporting));
    }

    /** Network isolation of session containers. */
    public SessionNetwork sessionNetwork() throws ConfigException {
        return kernel.sessionNetwork();
    }

    private IncusClient incus() throws ConfigException {
        return kernel.incus();
    }

    private LoadedConfig config() throws ConfigException {
        return kernel.config();
    }

    private PluginRegistry plugins() {
        return kernel.plugins();
    }

    private SessionLifecycles lifecycles() throws ConfigException {
        return kernel.lifecycles();
    }

    private IncusEndpoint endpoint() throws ConfigException {
        return kernel.endpoint();
    }

    /** The events of watched sessions ({@code coi monitor}). */
    public AuditEvents auditEvents() {
        return new AuditEvents(coiHome());
    }

    /** What the containers of watched sessions use ({@code coi monitor}'s live view). */
    public SessionGauges sessionGauges() throws ConfigException {
        return SessionGauges.of(coiHome(), incus());
    }

    private Path coiHome() {
        return kernel.coiHome();
    }
}
