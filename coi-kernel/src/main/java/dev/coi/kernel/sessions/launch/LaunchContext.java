package dev.coi.kernel.sessions.launch;

import dev.coi.kernel.network.SessionNetwork;
import dev.coi.api.AiTool;
import dev.coi.api.Progress;
import dev.coi.kernel.config.CoiConfig;
import dev.coi.kernel.incus.ContainerRuntime;
import dev.coi.kernel.limits.SessionLimits;
import dev.coi.kernel.lifecycle.SessionLifecycles;
import dev.coi.kernel.plugin.PluginRegistry;
import dev.coi.kernel.sessions.ChildStdio;
import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.SessionFinisher;
import dev.coi.kernel.sessions.SessionStore;
import dev.coi.kernel.sessions.TerminalAttach;
import dev.coi.kernel.sessions.ToolStateInjector;
import dev.coi.kernel.workspace.WorkspaceCopies;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * The kernel services starting a session needs.
 *
 * @param incus the container runtime (Incus)
 * @param config the effective configuration
 * @param plugins the loaded plugins
 * @param variables coi's environment variables
 * @param workingDirectory what a relative workspace is relative to
 * @param hostHome the user's home
 * @param progress where progress and warnings go
 * @param attach connects the terminal to a container
 * @param stdio where child processes read and write
 * @param finisher saves and ends sessions
 * @param stores the saved sessions of a tool, by tool name
 * @param injectors puts a tool's files into a container
 * @param network network isolation of session containers
 * @param limits the resource limits of session containers
 * @param lifecycles the hooks told of each phase of the session
 * @param workspaces copies workspaces into containers and back
 */
public record LaunchContext(ContainerRuntime incus, CoiConfig config, PluginRegistry plugins,
        Map<String, String> variables, Path workingDirectory, Path hostHome, Progress progress, TerminalAttach attach,
        ChildStdio stdio, SessionFinisher finisher,
        Function<String, SessionStore> stores, Function<AiTool, ToolStateInjector> injectors,
        SessionNetwork network, SessionLimits limits, SessionLifecycles lifecycles, WorkspaceCopies workspaces) {

    public ContainerNames names() {
        return ContainerNames.fromEnvironment(variables);
    }

    public SessionTimings timings() {
        return new SessionTimings(progress, "1".equals(variables.get(SessionTimings.VARIABLE)));
    }
}
