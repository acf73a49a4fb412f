package dev.coi.kernel;

import dev.coi.kernel.base.CoiException;

import dev.coi.api.AiTool;
import dev.coi.api.FileOwnership;
import dev.coi.api.HealthCheck;
import dev.coi.api.HealthCheckProvider;
import dev.coi.api.ImageBase;
import dev.coi.api.ImageBuildRequest;
import dev.coi.api.Progress;
import dev.coi.kernel.config.ToolSettings;
import dev.coi.kernel.config.CoiConfig;
import dev.coi.kernel.config.ConfigEnvironment;
import dev.coi.kernel.config.ConfigException;
import dev.coi.kernel.config.ConfigLoader;
import dev.coi.kernel.config.FlagOverride;
import dev.coi.kernel.config.LoadedConfig;
import dev.coi.kernel.config.WorkspaceWidening;
import dev.coi.api.NetworkBackend;
import dev.coi.kernel.containers.ContainerService;
import dev.coi.kernel.host.ProcessHostCommands;
import dev.coi.kernel.network.SessionNetwork;
import dev.coi.kernel.files.FileTransferService;
import dev.coi.kernel.health.ActiveContainersCheck;
import dev.coi.kernel.health.BridgeAwareProbe;
import dev.coi.kernel.health.BridgeCheck;
import dev.coi.kernel.health.CoiDirectoryCheck;
import dev.coi.kernel.health.ConfigCheck;
import dev.coi.kernel.health.DiskSpaceCheck;
import dev.coi.kernel.health.HealthService;
import dev.coi.kernel.health.IdMappingCheck;
import dev.coi.kernel.health.ImageAgeCheck;
import dev.coi.kernel.health.ImageCheck;
import dev.coi.kernel.health.IncusCheck;
import dev.coi.kernel.health.IpForwardingCheck;
import dev.coi.kernel.health.KernelCheck;
import dev.coi.kernel.health.NetworkModeCheck;
import dev.coi.kernel.health.NetworkRulesCheck;
import dev.coi.kernel.health.OrphanedResourcesCheck;
import dev.coi.kernel.health.OsCheck;
import dev.coi.kernel.health.PermissionsCheck;
import dev.coi.kernel.health.PluginsCheck;
import dev.coi.kernel.health.SavedSessionsCheck;
import dev.coi.kernel.health.SessionsDirectoryCheck;
import dev.coi.kernel.health.StoragePoolCheck;
import dev.coi.kernel.health.ToolCheck;
import dev.coi.kernel.host.ProcessHostCommands;
import dev.coi.kernel.images.ImageService;
import dev.coi.kernel.images.build.ImageBuilds;
import dev.coi.kernel.images.build.ImageTools;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.SocketLocation;
import dev.coi.kernel.incus.SocketLocator;
import dev.coi.kernel.keeper.Keeper;
import dev.coi.kernel.limits.DeadlineDuty;
import dev.coi.kernel.limits.DeadlineRecords;
import dev.coi.kernel.limits.IncusDeadlineContainers;
import dev.coi.kernel.limits.SessionLimits;
import dev.coi.kernel.plugin.LoadedPlugin;
import dev.coi.kernel.plugin.PluginFolder;
import dev.coi.kernel.plugin.PluginInstaller;
import dev.coi.kernel.plugin.PluginLoader;
import dev.coi.kernel.plugin.PluginRegistry;
import dev.coi.kernel.sessions.ChildStdio;
import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.CredentialVault;
import dev.coi.kernel.sessions.IncusCommandAttach;
import dev.coi.kernel.sessions.SessionContainer;
import dev.coi.kernel.sessions.SessionFinisher;
import dev.coi.kernel.sessions.SessionStore;
import dev.coi.kernel.sessions.TerminalAttach;
import dev.coi.kernel.sessions.ToolStateInjector;
import dev.coi.kernel.sessions.launch.HostEnvironments;
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
import java.util.ArrayList;
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
    private Optional<String> profile = Optional.empty();
    private List<FlagOverride> flags = List.of();
    private LoadedConfig config;
    private PluginRegistry plugins;
    private IncusClient incus;
    private SessionNetwork sessionNetwork;
    private WorkspaceSocketGate workspaceSocketGate = widening -> {
        if (!workspaceApprovals().approved(widening)) {
            throw CoiException.failure(widening.file() + " names the Incus socket coi talks to, which needs your"
                    + " consent; coi did not connect to it");
        }
    };

    /**
     * @param environment what the process runs in
     * @param progress where warnings and progress go
     * @param childStdio where the streams of child processes go (the terminal of an attached session)
     */
    public Kernel(ConfigEnvironment environment, Progress progress, ChildStdio childStdio) {
        this.environment = environment;
        this.progress = progress;
        this.childStdio = childStdio;
    }

    /** Chooses who decides on an Incus socket a workspace's {@code .coi.toml} names; unset, only a stored consent counts. */
    public void gateWorkspaceSocket(WorkspaceSocketGate gate) {
        workspaceSocketGate = gate;
    }

    public ConfigEnvironment environment() {
        return environment;
    }

    /** Chooses the profile the configuration is loaded with; must come before the first {@link #config()}. */
    public void selectProfile(Optional<String> name) {
        if (config != null) {
            throw new IllegalStateException("the configuration was loaded before the profile was chosen");
        }
        profile = name;
    }

    /** Sets config keys from the flags the user gave ({@code --limit-*}); must come before the first {@link #config()}. */
    public void overrideConfig(List<FlagOverride> given) {
        if (config != null) {
            throw new IllegalStateException("the configuration was loaded before the flags were given");
        }
        flags = List.copyOf(given);
    }

    /** The effective configuration; its warnings are reported once, when it is first loaded. */
    public LoadedConfig config() throws ConfigException {
        if (config == null) {
            config = new ConfigLoader(environment).load(profile, flags);
            config.warnings().forEach(warning -> progress.warn(warning.toString()));
        }
        return config;
    }

    /** {@code ~/.coi}, where coi keeps its state. */
    public Path coiHome() {
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
     * {@code coi build}: the coi image is made of what the image base of a plugin gives ({@link ImageBase}), which
     * also builds the offline base on this host. The install step of the configured tool ({@code [tool] name}) is
     * required: the build fails without it.
     */
    public ImageBuilds imageBuilds() throws ConfigException {
        List<ImageBuildRequest.Tool> tools = ImageTools.of(plugins().extensions(AiTool.class),
                config().config().tool().name());
        return new ImageBuilds(incus(), progress, config().config().build(), tools,
                plugins().extensions(ImageBase.class));
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
        return new SessionFinisher(incus(), plugins(), coiHome(), environment.home(), progress);
    }

    /**
     * The client for the socket {@code incus.socket} names, or the one the incus command line would use, read
     * from this kernel's environment rather than the process's so that tests can point it elsewhere.
     */
    private IncusClient incus() throws ConfigException {
        if (incus == null) {
            incus = new IncusClient(socket(), IncusClient.DEFAULT_REQUEST_TIMEOUT, IncusClient.DEFAULT_OPERATION_TIMEOUT);
            incus.onDeleted(this::releaseNetwork);
            incus.onStoppedOrDeleted(new DeadlineRecords(coiHome())::remove);
        }
        return incus;
    }

    /**
     * The network rules of a session container that was deleted, by whichever command. A stopped one keeps them: its
     * address is its own (static on its NIC), and rules that stay are in place before its next boot, whether
     * {@code coi} or a reboot from inside starts it.
     */
    private void releaseNetwork(String container) {
        if (!SessionNetwork.hasRecord(coiHome(), container)) {
            return;
        }
        try {
            sessionNetwork().release(container);
        } catch (ConfigException e) {
            progress.warn("could not remove the network rules of " + container + ": " + e.getMessage());
        }
    }

    /** The resource limits of session containers, from {@code [limits]} and the {@code --limit-*} flags. */
    public SessionLimits sessionLimits() throws ConfigException {
        return new SessionLimits(incus(), config().config().limits(), coiHome(), progress);
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
        return () -> new SessionFinisher(client, plugins(), coiHome(), environment.home(), progress);
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
                sessionFinisher(), this::sessionStore, this::toolStateInjector, sessionNetwork(), sessionLimits());
    }

    /**
     * {@code coi health}: the kernel's checks, then every plugin's. A kernel check is one class implementing
     * {@link HealthCheck}, added to the list below; one that needs Incus may find it unreachable, which the service
     * reports for it. A broken configuration is the config check's failure, not the end of the others: they then
     * use the default Incus socket and image.
     *
     * @throws CoiException (failure) when the workspace's {@code .coi.toml} names the socket without consent
     */
    public HealthService health() {
        Optional<LoadedConfig> loaded;
        HealthCheck configCheck;
        try {
            loaded = Optional.of(config());
            configCheck = ConfigCheck.loaded(loaded.get());
        } catch (ConfigException e) {
            loaded = Optional.empty();
            configCheck = ConfigCheck.invalid(e);
        }
        Optional<CoiConfig> valid = loaded.map(LoadedConfig::config);
        SocketLocation socket = socket(loaded);
        IncusClient client = new IncusClient(socket, HealthService.REQUEST_TIMEOUT, HealthService.REQUEST_TIMEOUT);
        Clock clock = Clock.systemDefaultZone();
        Supplier<List<SessionContainer>> containers = once(() -> new SessionContainers(client,
                ContainerNames.fromEnvironment(environment.variables()),
                () -> new SessionFinisher(client, plugins(), coiHome(), environment.home(), progress), progress).list());
        String toolName = valid.map(known -> known.tool().name()).orElse(ToolSettings.DEFAULT_NAME);
        List<HealthCheck> checks = new ArrayList<>(List.of(
                new OsCheck(),
                new KernelCheck(() -> client.server().environment().kernelFeatures()),
                new IncusCheck(client, socket),
                new PermissionsCheck(socket.socket()),
                new IdMappingCheck(),
                new ImageCheck(client, valid.map(CoiConfig::image)),
                new ImageAgeCheck(valid.map(CoiConfig::image), alias -> ImageCheck.builtAt(client, alias), clock),
                new BridgeCheck(client),
                new IpForwardingCheck(),
                new NetworkRulesCheck(SessionNetwork.of(client, plugins().extensions(NetworkBackend.class),
                        new ProcessHostCommands(), coiHome(), progress)),
                new CoiDirectoryCheck(coiHome()),
                new SessionsDirectoryCheck(coiHome()),
                DiskSpaceCheck.of(coiHome(), client),
                new StoragePoolCheck(client),
                configCheck,
                new NetworkModeCheck(valid.map(known -> known.network().mode()),
                        plugins().extensions(NetworkBackend.class)),
                new ToolCheck(toolName, plugins()::tool, environment.home(), coiHome(), clock),
                new ActiveContainersCheck(containers),
                new SavedSessionsCheck(savedSessions()),
                new OrphanedResourcesCheck(containers, Files::isDirectory),
                new PluginsCheck(plugins())));
        plugins().extensions(HealthCheckProvider.class).forEach(provider -> checks.addAll(provider.healthChecks()));
        return new HealthService(checks, new ProcessHostCommands(), new BridgeAwareProbe(
                HostEnvironments.probe(environment.variables(), valid), BridgeAwareProbe.of(client)), clock);
    }

    /** A supplier that asks once and then gives the same answer, so that two checks share one Incus request. */
    private static <T> Supplier<T> once(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
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
