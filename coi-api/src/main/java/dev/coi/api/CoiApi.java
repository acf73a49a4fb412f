package dev.coi.api;

/**
 * The version of this API, which plugins declare they are built against.
 *
 * <p>It follows semantic versioning on its own, apart from the coi release version: before 1.0 a new
 * minor version may break plugins, so a plugin built against 0.2.x keeps working with every 0.2.y kernel and not
 * with 0.3. 0.2.0 removed {@code SessionStorage}, an extension point the kernel never called, and added the
 * extension points {@link SessionLifecycle}, {@link SnapshotStore} and {@link ImageBase}, the configuration an
 * extension owns ({@link Extension#configSection()}), an AI tool's defaults ({@link AiTool#allowedDomains()},
 * {@link AiTool#defaultModel()}, {@link AiTool#isDefault()}) and a host environment's
 * {@link HostEnvironment#settingValues()}. 0.3.0 added IPv6 to network policies
 * ({@link NetworkPolicy#ipv6Address()}, IPv6 destinations in a {@link NetworkRule}): a network backend built
 * against 0.2 would leave a container's IPv6 traffic unfiltered, so it must not be loaded; and
 * {@link NetworkBackend#changeTime()}, by which coi picks the fastest network backend that works on the host; and
 * policies that follow DNS ({@link NetworkPolicy#dns()}, {@link NetworkBackend#followsDns()},
 * {@link NetworkBackend#admit}); and {@link NetworkBackend#inspect}, by which a backend shows what it has in force
 * for a container ({@link RulesInForce}). 0.3.1 added the permission mode a tool runs in
 * ({@link ToolLaunch#permissionMode()}, {@link PermissionMode}) and a tool's global instructions file
 * ({@link AiTool#instructionsFile()}). 0.3.2 added the extension point {@link SessionWatcher}, which looks at
 * running sessions from coi's background process ({@link WatchedSession}, {@link ContainerProcess},
 * {@link SessionActivity}, {@link WatchEvent}, {@link ThreatLevel}), and {@link NetworkBackend#refusedPackets}, by
 * which a watcher sees the packets a container's rules refused.
 *
 * @since 0.1.0
 */
public final class CoiApi {

    /** The version of the extension contract this kernel implements. */
    public static final String VERSION = "0.3.2";

    private CoiApi() {
    }
}
