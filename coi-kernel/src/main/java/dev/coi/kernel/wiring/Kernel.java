package dev.coi.kernel.wiring;

import dev.coi.kernel.base.CoiException;

import dev.coi.api.AiTool;
import dev.coi.api.FileOwnership;
import dev.coi.api.Progress;
import dev.coi.api.SessionLifecycle;
import dev.coi.kernel.config.BuildSettings;
import dev.coi.kernel.config.ConfigEnvironment;
import dev.coi.kernel.config.ConfigException;
import dev.coi.kernel.config.ConfigLoader;
import dev.coi.kernel.config.LoadedConfig;
import dev.coi.kernel.config.WorkspaceWidening;
import dev.coi.api.NetworkBackend;
import dev.coi.kernel.containers.ContainerService;
import dev.coi.kernel.host.ProcessHostCommands;
import dev.coi.kernel.network.NetworkRelease;
import dev.coi.kernel.network.SessionNetwork;
import dev.coi.kernel.files.FileTransferService;
import dev.coi.kernel.health.HealthChecks;
import dev.coi.kernel.health.HealthService;
import dev.coi.kernel.host.ProcessHostCommands;
import dev.coi.kernel.images.ImageService;
import dev.coi.kernel.images.build.DebootstrapRootfs;
import dev.coi.kernel.images.build.ImageBuilds;
import dev.coi.kernel.images.build.ToolInstallStep;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.SocketLocation;
import dev.coi.kernel.incus.SocketLocator;
import dev.coi.kernel.keeper.Keeper;
import dev.coi.kernel.limits.DeadlineDuty;
import dev.coi.kernel.limits.DeadlineRecords;
import dev.coi.kernel.limits.IncusDeadlineContainers;
import dev.coi.kernel.limits.SessionDeadlines;
import dev.coi.kernel.limits.SessionLimits;
import dev.coi.kernel.lifecycle.SessionLifecycles;
import dev.coi.kernel.plugin.LoadedPlugin;
import dev.coi.kernel.plugin.PluginFolder;
import dev.coi.kernel.plugin.PluginInstaller;
import dev.coi.kernel.plugin.PluginLoader;
import dev.coi.kernel.plugin.PluginRegistry;
import dev.coi.kernel.sessions.ChildStdio;
import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.CredentialVault;
import dev.coi.kernel.sessions.IncusCommandAttach;
import dev.coi.kernel.sessions.SessionFinisher;
import dev.coi.kernel.sessions.SessionStore;
import dev.coi.kernel.sessions.TerminalAttach;
import dev.coi.kernel.sessions.ToolStateInjector;
import dev.coi.kernel.sessions.launch.LaunchContext;
import dev.coi.kernel.sessions.launch.RunService;
import dev.coi.kernel.sessions.launch.ShellService;
import dev.coi.kernel.sessions.launch.TerminalTypes;
import dev.coi.kernel.sessions.launch.WorkspaceApprovals;
import dev.coi.kernel.sessions.manage.SavedSessions;
import dev.coi.kernel.sessions.manage.SessionAttach;
import dev.coi.kernel.sessions.manage.SessionContainers;
import dev.coi.kernel.sessions.manage.SessionControl;
import dev.coi.kernel.sessions.manage.SessionTmux;
import dev.coi.kernel.snapshots.SnapshotService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The kernel's services for one coi invocation. Everything is made on first use, so that a command pays only
 * for what it needs (printing the version reads no config file, loads no plugin and opens no socket).
 */
public final class Kernel {

    private final ConfigEnvironment environment;
    private final Progress progress;
    private final ChildStdio childStdio;
    private final Choices choices;
    private final WorkspaceSocketGate workspaceSocketGate;
    private LoadedConfig config;
    private PluginRegistry plugins;
    private IncusClient incus;
    private SessionNetwork sessionNetwork;
    private SessionLifecycles lifecycles;

    /**
     * A kernel outside the command line: no profile, no flags, and only a stored consent lets it use the Incus socket
     * a workspace's {@code .coi.toml} names.
     *
     * @param environment what the process runs in
     * @param progress where warnings and progress go
     * @param childStdio where the streams of child processes go (the terminal of an attached session)
     */
    public Kernel(ConfigEnvironment environment, Progress progress, ChildStdio childStdio) {
        this(environment, progress, childStdio, Choices.NONE, storedConsentOnly(environment));
    }

    /**
     * @param environment what the process runs in
     * @param progress where warnings and progress go
     * @param childStdio where the streams of child processes go (the terminal of an attached session)
     * @param choices what the command line decided about the configuration
     * @param workspaceSocketGate who decides on an Incus socket a workspace's {@code .coi.toml} names
     */
    public Kernel(ConfigEnvironment environment, Progress progress, ChildStdio childStdio, Choices choices,
                  WorkspaceSocketGate workspaceSocketGate) {
        this.environment = environment;
        this.progress = progress;
        this.childStdio = childStdio;
        this.choices = choices;
        this.workspaceSocketGate = workspaceSocketGate;
    }

    private static WorkspaceSocketGate storedConsentOnly(ConfigEnvironment environment) {
        WorkspaceApprovals approvals = new WorkspaceApprovals(coiHome(environment));
        return widening -> {
            if (!approvals.approved(widening)) {
                throw CoiException.failure(widening.file() + " names the Incus socket coi talks to, which needs your"
                        + " consent; coi did not connect to it");
            }
        };
    }

    public ConfigEnvironment environment() {
        return environment;
    }

    /**
     * The effective configuration, loaded with this kernel's {@link Choices}; its warnings are reported once, when it
     * is first loaded.
     */
    public LoadedConfig config() throws ConfigException {
        if (config == null) {
            config = new ConfigLoader(environment).load(choices.profile(), choices.flags());
            config.warnings().forEach(warning -> progress.warn(warning.toString()));
        }
        return config;
    }

    /** {@code ~/.coi}, where coi keeps its state. */
    public Path coiHome() {
        return coiHome(environment);
    }

    /** {@code ~/.coi} of an environment, known before any kernel exists (the consent to a workspace's file is there). */
    public static Path coiHome(ConfigEnvironment environment) {
        return environment.home().resolve(".coi");
    }

    /** {@code ~/.coi/plugins}, where third-party plugin jars are installed. */
    public Path pluginFolder() {
        return coiHome().resolve("plugins");
    }

    public ContainerService containers() throws ConfigException {
        return new ContainerService(incus());
    }

    public FileTransferService files() throws ConfigException {
        return new FileTransferService(incus());
    }

    public ImageService images() throws ConfigException {
        return new ImageService(incus(), progress);
    }

    /**
     * {@code coi build}, with the offline base building on this host from the Debian mirror. The install step of
     * the configured tool ({@code [tool] name}) is required: the build fails without it.
     */
    public ImageBuilds imageBuilds() throws ConfigException {
        BuildSettings build = config().config().build();
        List<ToolInstallStep> tools = ToolInstallStep.of(plugins().extensions(AiTool.class),
                config().config().tool().name());
        return new ImageBuilds(incus(), progress, build, tools,
                new DebootstrapRootfs(build.caCertificates(), tools));
    }

    /** The saved sessions of a tool, {@code ~/.coi/sessions-<tool>}. */
    public SessionStore sessionStore(String toolName) {
        return new SessionStore(coiHome(), toolName);
    }

    /** The credentials of a tool that came out of containers, {@code ~/.coi/credentials/<tool>}. */
    public CredentialVault credentialVault(String toolName) {
        return new CredentialVault(coiHome(), toolName);
    }

    /** Puts a tool's files (saved state, credentials, settings) into a new session container. */
    public ToolStateInjector toolStateInjector(AiTool tool) {
        return new ToolStateInjector(tool, environment.home(), credentialVault(tool.name()), progress);
    }

    /** The workspace config files the user allowed to loosen the sandbox, {@code ~/.coi/trusted-workspaces.json}. */
    public WorkspaceApprovals workspaceApprovals() {
        return new WorkspaceApprovals(coiHome());
    }

    /** Saves session containers and removes ephemeral ones. */
    public SessionFinisher sessionFinisher() throws ConfigException {
        return new SessionFinisher(incus(), plugins(), coiHome(), environment.home(), progress, lifecycles());
    }

    /**
     * The client for the socket {@code incus.socket} names, or the one the incus command line would use, read
     * from this kernel's environment rather than the process's so that tests can point it elsewhere.
     */
    private IncusClient incus() throws ConfigException {
        if (incus == null) {
            IncusClient client = new IncusClient(socket(), IncusClient.DEFAULT_REQUEST_TIMEOUT,
                    IncusClient.DEFAULT_OPERATION_TIMEOUT);
            lifecycles = new SessionLifecycles(List.of(
                    new SessionDeadlines(sessionLimits(client), new DeadlineRecords(coiHome())),
                    new NetworkRelease(coiHome(), this::sessionNetwork, progress)),
                    () -> plugins().extensions(SessionLifecycle.class), progress);
            client.onStoppedOrDeleted(lifecycles);
            incus = client;
        }
        return incus;
    }

    /**
     * The phases of sessions, fired at the kernel's own hooks and then the plugins'. The Incus client fires the
     * stops and deletes of every command, so that no way of removing a container leaves its rules or deadline.
     */
    private SessionLifecycles lifecycles() throws ConfigException {
        incus();
        return lifecycles;
    }

    /** The resource limits of session containers, from {@code [limits]} and the {@code --limit-*} flags. */
    public SessionLimits sessionLimits() throws ConfigException {
        return sessionLimits(incus());
    }

    private SessionLimits sessionLimits(IncusClient client) throws ConfigException {
        return new SessionLimits(client, config().config().limits(), coiHome(), progress);
    }

    /**
     * The background keeper, for the process that runs it ({@code coi keeper}): network rules and session deadlines
     * of containers that run without coi. Its messages go to {@code log}.
     */
    public Keeper keeper(Progress log) throws ConfigException {
        Supplier<SessionFinisher> finisher = finisher();
        return new Keeper(coiHome(), List.of(sessionNetwork().keeperDuty(log), new DeadlineDuty(
                new DeadlineRecords(coiHome()), new IncusDeadlineContainers(incus(), finisher), log, Clock.systemUTC())),
                log, Clock.systemUTC());
    }

    /** Network isolation of session containers. */
    public SessionNetwork sessionNetwork() throws ConfigException {
        if (sessionNetwork == null) {
            sessionNetwork = SessionNetwork.of(incus(), plugins().extensions(NetworkBackend.class),
                    new ProcessHostCommands(), coiHome(), progress);
        }
        return sessionNetwork;
    }

    private SocketLocation socket() throws ConfigException {
        return socket(Optional.of(config()));
    }

    /**
     * The socket of the configuration, or with none (it did not load) the one the incus command line would use. Every
     * connection to Incus goes through here, so that none reaches a socket the workspace chose without consent.
     */
    private SocketLocation socket(Optional<LoadedConfig> loaded) {
        loaded.flatMap(LoadedConfig::workspaceWidening)
                .filter(WorkspaceWidening::choosesIncusSocket)
                .ifPresent(workspaceSocketGate::require);
        return new SocketLocator(environment.variables()::get, Files::exists)
                .locate(loaded.flatMap(known -> known.config().incus().socket()).map(Path::toString).orElse(null));
    }

    /** Connects the terminal (or, in memory, the output writers) to a command in a container. */
    public TerminalAttach terminalAttach() throws ConfigException {
        IncusClient incus = incus();
        return new IncusCommandAttach("incus", socket().socket(), childStdio, (container, path, content, uid, gid) ->
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
        return new SessionControl(incus(), finisher(), savedSessions(), progress);
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
        return () -> new SessionFinisher(client, plugins(), coiHome(), environment.home(), progress, phases);
    }

    /** {@code coi snapshot}: Incus snapshots of containers, each with a copy of the saved session. */
    public SnapshotService snapshots() throws ConfigException {
        return new SnapshotService(incus(), this::plugins, coiHome(), ContainerNames.fromEnvironment(
                environment.variables()), environment.variables(), progress, Clock.systemDefaultZone());
    }

    public ChildStdio childStdio() {
        return childStdio;
    }

    /** {@code coi shell}: makes or reuses a session container, starts the tool and attaches the terminal. */
    public ShellService shell() throws ConfigException {
        return new ShellService(launchContext());
    }

    /** {@code coi run}: runs one command in a new session container that is removed afterwards. */
    public RunService runner() throws ConfigException {
        return new RunService(launchContext());
    }

    private LaunchContext launchContext() throws ConfigException {
        return new LaunchContext(incus(), config().config(), plugins(), environment.variables(),
                environment.workingDirectory(), environment.home(), progress, terminalAttach(), childStdio,
                sessionFinisher(), this::sessionStore, this::toolStateInjector, sessionNetwork(), sessionLimits(),
                lifecycles());
    }

    /**
     * {@code coi health}: the kernel's checks, then every plugin's, all from {@link dev.coi.api.HealthCheckProvider}s.
     *
     * @throws CoiException (failure) when the workspace's {@code .coi.toml} names the socket without consent
     */
    public HealthService health() {
        return HealthChecks.of(this::config, this::socket, coiHome(), environment.home(), environment.variables(),
                this::plugins, progress);
    }

    /** Every plugin; a plugin that could not be loaded is reported once, as a warning, and skipped. */
    public PluginRegistry plugins() {
        if (plugins == null) {
            plugins = PluginLoader.load(pluginFolder(), environment.toolFolders());
            plugins.problems().forEach(problem -> progress.warn("plugin skipped: " + problem.where() + ": "
                    + problem.message()));
        }
        return plugins;
    }

    /** The installed third-party plugins: {@code ~/.coi/plugins/plugins.lock} and their jars. */
    public PluginFolder installedPlugins() {
        return new PluginFolder(pluginFolder());
    }

    /** {@code coi plugin install}; it runs no third-party code until the user said yes. */
    public PluginInstaller pluginInstaller() {
        return new PluginInstaller(installedPlugins(), PluginLoader.bundled().plugins().stream()
                .map(LoadedPlugin::id).collect(Collectors.toSet()), Clock.systemUTC());
    }
}
