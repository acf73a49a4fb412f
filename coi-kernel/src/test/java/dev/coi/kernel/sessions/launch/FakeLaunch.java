package dev.coi.kernel.sessions.launch;

import dev.coi.api.Extension;
import dev.coi.api.Progress;
import dev.coi.kernel.config.CoiConfig;
import dev.coi.kernel.config.ConfigEnvironment;
import dev.coi.kernel.config.ConfigException;
import dev.coi.kernel.config.ConfigLoader;
import dev.coi.kernel.config.ExtensionSchema;
import dev.coi.kernel.incus.FakeRuntime;
import dev.coi.kernel.lifecycle.SessionLifecycles;
import dev.coi.kernel.limits.SessionLimits;
import dev.coi.kernel.network.SessionNetwork;
import dev.coi.kernel.plugin.PluginRegistry;
import dev.coi.kernel.sessions.ChildStdio;
import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.CredentialVault;
import dev.coi.kernel.sessions.ScriptedAttach;
import dev.coi.kernel.sessions.SessionFinisher;
import dev.coi.kernel.sessions.SessionStore;
import dev.coi.kernel.sessions.StatelessTool;
import dev.coi.kernel.sessions.TerminalAttach;
import dev.coi.kernel.sessions.ToolStateInjector;
import dev.coi.kernel.workspace.SyncLimits;
import dev.coi.kernel.workspace.WorkspaceCopies;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A session's surroundings without a daemon: a {@link FakeRuntime}, a home with coi's folder and a configuration
 * naming {@link #TOOL}, a workspace owned by a normal user, a plugin providing the tool, and a terminal that ends
 * as scripted.
 */
final class FakeLaunch {

    static final String TOOL = StatelessTool.NAME;
    static final String IMAGE = "coi-test-image";

    final FakeRuntime runtime = new FakeRuntime().withImage(IMAGE);
    final ScriptedAttach attach = new ScriptedAttach();
    /** What the terminal was asked to attach to, in order. */
    final List<TerminalAttach.Request> attached = Collections.synchronizedList(new ArrayList<>());
    /** When set, attaching fails with it, as when the terminal cannot even start. */
    RuntimeException attachFailure;
    final Lines progress = new Lines();
    final Path home;
    final Path coiHome;
    final Path workspace;
    final ContainerNames names = new ContainerNames(ContainerNames.DEFAULT_PREFIX);
    final PluginRegistry plugins;
    final SessionFinisher finisher;

    FakeLaunch(Path root) {
        try {
            home = Files.createDirectories(root.resolve("home"));
            coiHome = Files.createDirectories(home.resolve(".coi"));
            workspace = Files.createDirectories(root.resolve("workspace"));
            Path config = Files.createDirectories(home.resolve(".config/coi")).resolve("config.toml");
            Files.writeString(config, "[tool]\nname = \"" + TOOL + "\"\n");
            // coi maps no root-owned workspace; as root, the tests hand theirs to a normal user
            if ((Integer) Files.getAttribute(workspace, "unix:uid") == 0) {
                Files.setAttribute(workspace, "unix:uid", 1000);
                Files.setAttribute(workspace, "unix:gid", 1000);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        plugins = StatelessTool.registry();
        finisher = new SessionFinisher(runtime, plugins, coiHome, home, progress);
    }

    LaunchContext context() throws ConfigException {
        CoiConfig config = new ConfigLoader(new ConfigEnvironment(Map.of(), home, workspace,
                home.resolve("etc/coi/config.toml")), ExtensionSchema.of(plugins.extensions(Extension.class))).load()
                .config();
        StringWriter discarded = new StringWriter();
        return new LaunchContext(runtime, config, plugins, Map.of("TERM", "xterm"), workspace, home, progress,
                this::attach, ChildStdio.copyTo(new PrintWriter(discarded), new PrintWriter(discarded)), finisher,
                tool -> new SessionStore(coiHome, tool),
                tool -> new ToolStateInjector(tool, home, new CredentialVault(coiHome, tool.name()), progress),
                SessionNetwork.of(runtime, List.of(), "auto", null, coiHome, progress),
                new SessionLimits(runtime, config.limits(), coiHome, progress), SessionLifecycles.none(progress),
                new WorkspaceCopies(runtime, coiHome, progress, new SyncLimits(1L << 30, 100_000)));
    }

    private TerminalAttach.Attached attach(TerminalAttach.Request request) {
        attached.add(request);
        if (attachFailure != null) {
            throw attachFailure;
        }
        return attach.start(request);
    }

    /** A launch in the workspace with the test image and no network filter, which needs firewall and bridge. */
    LaunchRequest launch(Optional<Integer> slot, Optional<Boolean> persistent) {
        return new LaunchRequest(workspace, slot, persistent, Optional.of(IMAGE), List.of(), List.of(),
                Optional.of("open"));
    }

    /** Session labels of a container of this workspace. */
    Map<String, String> labels(String sessionId, boolean persistent) {
        return Map.of("user.coi.session", sessionId, "user.coi.workspace", workspace.toString(),
                "user.coi.persistent", Boolean.toString(persistent), "user.coi.tool", TOOL);
    }

    /** What was reported, kept in order; the network rules are reported from a thread of their own. */
    static final class Lines implements Progress {

        final List<String> all = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void step(String message) {
            all.add("step: " + message);
        }

        @Override
        public void info(String message) {
            all.add("info: " + message);
        }

        @Override
        public void warn(String message) {
            all.add("warn: " + message);
        }

        boolean has(String prefix, String part) {
            synchronized (all) {
                return all.stream().anyMatch(line -> line.startsWith(prefix) && line.contains(part));
            }
        }
    }
}
