package dev.coi.kernel.sessions.launch;

import dev.coi.api.NetworkMode;
import dev.coi.kernel.containers.ContainerService;
import dev.coi.kernel.incus.InstanceSpec;
import dev.coi.kernel.limits.SessionLimits;
import dev.coi.kernel.network.SessionNetwork;
import dev.coi.kernel.sessions.SessionContainer;
import dev.coi.kernel.sessions.SessionLabels;
import dev.coi.kernel.sessions.WorkspaceMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything a session container is created with except its name, which depends on the slot: the image, the
 * security settings Docker needs, the {@code user.coi.*} labels and the disk devices. {@link #spec(String)} is the
 * one create request, which starts the container too unless its network rules go in place first.
 *
 * @param image the image alias
 * @param config configuration keys
 * @param devices devices by name
 * @param nameDevices devices that depend on the container name (a network card with an address chosen for it)
 * @param startedByCreate whether the create request starts the container too; not when its network rules can and
 *                        must go in place between its creation and its start
 */
public record SessionBlueprint(String image, Map<String, String> config, Map<String, Map<String, String>> devices,
        Function<String, Map<String, Map<String, String>>> nameDevices, boolean startedByCreate) {

    /**
     * Where tmux puts its sockets, for every command run in the container (Incus sets {@code environment.*} keys
     * on each exec). Not {@code /tmp}: systemd empties it while the container boots, which would delete the socket
     * of a tmux server started before that, leaving a session nobody can attach to.
     */
    public static final String TMUX_DIRECTORY = "/var/tmp";

    public SessionBlueprint {
        config = Map.copyOf(config);
        devices = Map.copyOf(devices);
    }

    /**
     * What goes into a new session container.
     *
     * @param image the image alias
     * @param sessionId the coi session id
     * @param workspace the absolute workspace
     * @param persistent whether the container is kept after the session
     * @param tool the AI tool's name
     * @param network the network mode asked for
     * @param owner the host user and group of the workspace, mapped to the code user; the disks are not shifted
     * @param mounts the extra mounts
     * @param protectGit whether the workspace's repository gets the disks of {@link GitMounts}: {@code .git} a
     *                   mount point, its config, hooks and pointer files read-only
     */
    public static SessionBlueprint of(String image, String sessionId, Path workspace, boolean persistent, String tool,
            NetworkMode network, WorkspaceOwner owner, List<SessionMount> mounts, boolean protectGit) {
        Map<String, String> config = new LinkedHashMap<>(ContainerService.DOCKER_READY);
        config.put(SessionLabels.SESSION_ID, sessionId);
        config.put(SessionLabels.WORKSPACE, workspace.toString());
        config.put(SessionLabels.PERSISTENT, Boolean.toString(persistent));
        config.put(SessionLabels.TOOL, tool);
        config.put(SessionLabels.IMAGE, image);
        config.put(SessionLabels.UID, Integer.toString(SessionContainer.CODE_UID));
        config.put(SessionLabels.HOME, SessionContainer.CODE_HOME);
        config.put(SessionLabels.NETWORK, network.configName());
        config.put(SessionLabels.WORKSPACE_MODE, WorkspaceMode.MOUNT.configName());
        config.put("environment.TMUX_TMPDIR", TMUX_DIRECTORY);
        config.put(OwnerMapping.RAW_IDMAP, owner.rawIdmap());

        Map<String, Map<String, String>> devices = new LinkedHashMap<>();
        devices.put("workspace", disk(workspace, SessionMounts.WORKSPACE, false));
        for (SessionMount mount : mounts) {
            devices.put(mount.device(), disk(mount.host(), mount.containerPath(), false));
        }
        if (protectGit) {
            for (GitMounts.Mount git : GitMounts.of(workspace)) {
                devices.put(git.device(), disk(git.source(), git.path(), git.readOnly()));
            }
        }
        return new SessionBlueprint(image, config, devices, name -> Map.of(), true);
    }

    /**
     * The same with network isolation's additions: the network card Incus filters, no automatic start when the
     * Incus daemon starts (after a host reboot the rules are gone until a coi command puts them back), and, when
     * coi chooses the card's address, no start by the create request: the rules go in place before the first boot.
     */
    public SessionBlueprint withNetwork(SessionNetwork.Preparation network) {
        if (!network.isolated()) {
            return this;
        }
        Map<String, String> isolatedConfig = new LinkedHashMap<>(config);
        isolatedConfig.put("boot.autostart", "false");
        return new SessionBlueprint(image, isolatedConfig, devices, network.devices(), !network.rulesBeforeStart());
    }

    /**
     * The same for a workspace of that mode: a copied one has no disk at {@code /workspace} or below it (the
     * workspace's and those of {@link GitMounts}); coi copies the files in once the container runs.
     */
    public SessionBlueprint withWorkspace(WorkspaceMode mode) {
        if (mode == WorkspaceMode.MOUNT) {
            return this;
        }
        Map<String, String> copyConfig = new LinkedHashMap<>(config);
        copyConfig.put(SessionLabels.WORKSPACE_MODE, mode.configName());
        Map<String, Map<String, String>> copyDevices = new LinkedHashMap<>(devices);
        copyDevices.values().removeIf(device -> "disk".equals(device.get("type"))
                && SessionMounts.nested(String.valueOf(device.get("path")), SessionMounts.WORKSPACE));
        return new SessionBlueprint(image, copyConfig, copyDevices, nameDevices, startedByCreate);
    }

    /** The same with the resource limits: their instance keys, and a root disk device of its own for disk rates. */
    public SessionBlueprint withLimits(SessionLimits limits) {
        Map<String, String> limitedConfig = new LinkedHashMap<>(config);
        limitedConfig.putAll(limits.config());
        Map<String, Map<String, String>> limitedDevices = new LinkedHashMap<>(devices);
        limitedDevices.putAll(limits.devices());
        return new SessionBlueprint(image, limitedConfig, limitedDevices, nameDevices, startedByCreate);
    }

    /** The create request: from the image alias, with this config and these devices, started at once unless not. */
    public InstanceSpec spec(String name) {
        Map<String, Map<String, String>> all = new LinkedHashMap<>(devices);
        all.putAll(nameDevices.apply(name));
        return InstanceSpec.fromAlias(name, image).withConfig(config).withDevices(all).withStart(startedByCreate);
    }

    /** The host directories the devices need: mounts that are missing are made before the create request. */
    public List<Path> hostDirectories() {
        return devices.entrySet().stream()
                .filter(device -> "disk".equals(device.getValue().get("type")))
                // the root disk (a device of its own when the disk is limited) has no host folder
                .filter(device -> device.getValue().containsKey("source"))
                .map(device -> Path.of(device.getValue().get("source")))
                // a file mounted on its own (a git config) is no folder to make
                .filter(source -> !Files.isRegularFile(source))
                .toList();
    }

    private static Map<String, String> disk(Path source, String path, boolean readOnly) {
        Map<String, String> disk = new LinkedHashMap<>();
        disk.put("type", "disk");
        disk.put("source", source.toString());
        disk.put("path", path);
        if (readOnly) {
            disk.put("readonly", "true");
        }
        return disk;
    }
}
