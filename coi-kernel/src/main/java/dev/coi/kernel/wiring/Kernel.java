package dev.coi.kernel.wiring;

import dev.coi.api.Extension;
import dev.coi.api.NetworkBackend;
import dev.coi.api.Progress;
import dev.coi.api.SessionLifecycle;
import dev.coi.api.SessionWatcher;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.config.ConfigEnvironment;
import dev.coi.kernel.config.ConfigException;
import dev.coi.kernel.config.ConfigLoader;
import dev.coi.kernel.config.ExtensionSchema;
import dev.coi.kernel.config.IncusSettings;
import dev.coi.kernel.config.LoadedConfig;
import dev.coi.kernel.config.WorkspaceWidening;
import dev.coi.kernel.health.HealthChecks;
import dev.coi.kernel.health.HealthService;
import dev.coi.kernel.host.ProcessHostCommands;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.IncusEndpoint;
import dev.coi.kernel.incus.IncusRemotes;
import dev.coi.kernel.incus.SocketLocator;
import dev.coi.kernel.keeper.KeeperLauncher;
import dev.coi.kernel.lifecycle.SessionLifecycles;
import dev.coi.kernel.limits.DeadlineRecords;
import dev.coi.kernel.limits.SessionDeadlines;
import dev.coi.kernel.limits.SessionLimits;
import dev.coi.kernel.network.NetworkRelease;
import dev.coi.kernel.network.SessionNetwork;
import dev.coi.kernel.plugin.PluginLoader;
import dev.coi.kernel.plugin.PluginRegistry;
import dev.coi.kernel.sessions.ChildStdio;
import dev.coi.kernel.sessions.launch.WorkspaceApprovals;
import dev.coi.kernel.watch.SessionWatches;
import dev.coi.kernel.watch.WatchRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The root of one coi invocation: the pieces every area shares (the configuration, loaded with the command line's
 * {@link Choices}; the plugins; the Incus client and the session phases it fires; network isolation), each made once,
 * and the areas' factories ({@link SessionServices}, {@link ImageServices}, {@link PluginInstallation}) that give each
 * service only what it uses. Everything is made on first use, so that a command pays only for what it needs
 * (printing the version reads no config file, loads no plugin and opens no socket).
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
            config = new ConfigLoader(environment, ExtensionSchema.of(plugins().extensions(Extension.class)))
                    .load(choices.profile(), choices.flags());
            config.warnings().forEach(warning -> progress.warn(warning.toString()));
            config.config().configureExtensions().forEach(progress::warn);
        }
        return config;
    }

    /** {@code ~/.coi}, where coi keeps its state. */
    Path coiHome() {
        return coiHome(environment);
    }

    /** {@code ~/.coi} of an environment, known before any kernel exists (the consent to a workspace's file is there). */
    public static Path coiHome(ConfigEnvironment environment) {
        return environment.home().resolve(".coi");
    }

    /** {@code ~/.coi/plugins}, where third-party plugin jars are installed. */
    private Path pluginFolder() {
        return coiHome().resolve("plugins");
    }

    /**
     * The client for the remote {@code incus.remote} names, else for the socket {@code incus.socket} names or the one
     * the incus command line would use, read from this kernel's environment rather than the process's so that tests
     * can point it elsewhere.
     */
    IncusClient incus() throws ConfigException {
        if (incus == null) {
            IncusEndpoint endpoint = endpoint();
            IncusSettings settings = config().config().incus();
            IncusClient client = new IncusClient(endpoint, IncusClient.DEFAULT_REQUEST_TIMEOUT,
                    IncusClient.DEFAULT_OPERATION_TIMEOUT, endpoint.project(settings.project()),
                    settings.target().orElse(null));
            lifecycles = new SessionLifecycles(List.of(
                    new SessionDeadlines(sessionLimits(client), new DeadlineRecords(coiHome())),
                    new NetworkRelease(coiHome(), this::sessionNetwork, progress),
                    new SessionWatches(() -> plugins().extensions(SessionWatcher.class),
                            config().config()::extensionValues, new WatchRecords(coiHome()),
                            new KeeperLauncher(coiHome(), progress), client::host)),
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
    SessionLifecycles lifecycles() throws ConfigException {
        incus();
        return lifecycles;
    }

    SessionLimits sessionLimits(IncusClient client) throws ConfigException {
        return sessionLimits(client, progress);
    }

    /** The resource limits of session containers, from {@code [limits]} and the {@code --limit-*} flags. */
    SessionLimits sessionLimits(IncusClient client, Progress reporting) throws ConfigException {
        return new SessionLimits(client, config().config().limits(), coiHome(), reporting);
    }

    /** Network isolation of session containers. */
    SessionNetwork sessionNetwork() throws ConfigException {
        if (sessionNetwork == null) {
            sessionNetwork = SessionNetwork.of(incus(), plugins().extensions(NetworkBackend.class),
                    config().config().networkBackend(), new ProcessHostCommands(), coiHome(), progress);
        }
        return sessionNetwork;
    }

    IncusEndpoint endpoint() throws ConfigException {
        return endpoint(Optional.of(config()));
    }

    /**
     * The remote or socket of the configuration, or with none (it did not load) the socket the incus command line
     * would use. Every connection to Incus goes through here, so that none reaches a daemon the workspace chose
     * without consent.
     */
    private IncusEndpoint endpoint(Optional<LoadedConfig> loaded) {
        loaded.flatMap(LoadedConfig::workspaceWidening)
                .filter(WorkspaceWidening::choosesIncusSocket)
                .ifPresent(workspaceSocketGate::require);
        SocketLocator sockets = new SocketLocator(environment.variables()::get, Files::exists);
        String configuredSocket = loaded.flatMap(known -> known.config().incus().socket()).map(Path::toString)
                .orElse(null);
        Optional<String> remote = loaded.flatMap(known -> known.config().incus().remote());
        if (remote.isPresent()) {
            return new IncusRemotes(IncusRemotes.configDir(environment.variables()::get, environment.home()),
                    path -> sockets.locate(path.isBlank() ? configuredSocket : path)).endpoint(remote.get());
        }
        return sockets.locate(configuredSocket);
    }


    ChildStdio childStdio() {
        return childStdio;
    }

    Progress progress() {
        return progress;
    }

    /** Sessions, their containers, files and snapshots, and the keeper. */
    public SessionServices sessions() {
        return new SessionServices(this);
    }

    /** The images Incus has, and {@code coi build}. */
    public ImageServices images() {
        return new ImageServices(this);
    }

    /** The installed third-party plugins, and installing them. */
    public PluginInstallation pluginInstallation() {
        return new PluginInstallation(pluginFolder());
    }

    /**
     * {@code coi health}: the kernel's checks, then every plugin's, all from {@link dev.coi.api.HealthCheckProvider}s.
     *
     * @throws CoiException (failure) when the workspace's {@code .coi.toml} names the socket without consent
     */
    public HealthService health() {
        return HealthChecks.of(this::config, this::endpoint, coiHome(), environment.home(), environment.variables(),
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
}
