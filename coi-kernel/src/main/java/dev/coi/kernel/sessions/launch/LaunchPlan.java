package dev.coi.kernel.sessions.launch;

import dev.coi.api.NetworkMode;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.config.CoiConfig;
import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.WorkspaceMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * A checked {@link LaunchRequest} with the configuration applied: nothing in it can make the create request fail
 * for a reason the user could have been told before.
 *
 * @param workspace the absolute, normalized workspace (symbolic links kept, so the name matches the reference tool's)
 * @param slot the slot asked for
 * @param image the image alias: {@code --image}, else {@code defaults.image}
 * @param environment {@code defaults.environment} with the {@code -e} values over it
 * @param mounts the extra mounts
 * @param network the network mode: {@code --network}, else {@code network.mode}
 * @param workspaceMode whether the workspace is mounted or copied: {@code --workspace-mode}, else
 *                      {@code workspace.mode}
 */
public record LaunchPlan(Path workspace, OptionalInt slot, String image, Map<String, String> environment,
        List<SessionMount> mounts, NetworkMode network, WorkspaceMode workspaceMode) {

    /**
     * @param workingDirectory what a relative workspace is relative to
     * @param home the user's home, for {@code ~} in mounts
     * @param localServer whether the containers run on this machine, which can then mount its folders; asked after
     *                    the flags are checked, as it asks Incus
     * @throws CoiException (usage) for a wrong flag
     */
    public static LaunchPlan of(LaunchRequest request, CoiConfig config, Path workingDirectory, Path home,
            BooleanSupplier localServer) {
        Path workspace = workingDirectory.resolve(request.workspace()).toAbsolutePath().normalize();
        if (!Files.isDirectory(workspace)) {
            throw CoiException.usage("workspace " + workspace + " is not a directory: give an existing folder with"
                    + " -w/--workspace");
        }
        OptionalInt slot = OptionalInt.empty();
        if (request.slot().isPresent()) {
            int wanted = request.slot().get();
            if (wanted < ContainerNames.FIRST_SLOT || wanted > ContainerNames.MAX_SLOTS) {
                throw CoiException.usage("invalid --slot " + wanted + ": slots are " + ContainerNames.FIRST_SLOT
                        + " to " + ContainerNames.MAX_SLOTS);
            }
            slot = OptionalInt.of(wanted);
        }
        String image = request.image().filter(name -> !name.isBlank()).orElse(config.image());
        Map<String, String> environment = new LinkedHashMap<>(config.environment());
        environment.putAll(EnvAssignments.parse(request.environment()));
        List<SessionMount> mounts = SessionMounts.resolve(config.mounts(), request.mounts(), home);
        mounts.forEach(mount -> refuseLinksInWorkspace(workspace, mount));
        NetworkMode network = request.network().map(LaunchPlan::networkMode).orElse(config.network().mode());
        WorkspaceMode workspaceMode = WorkspaceMode.choose(config.workspace().mode(), localServer.getAsBoolean());
        return new LaunchPlan(workspace, slot, image, environment, mounts, network, workspaceMode);
    }

    /**
     * A mounted folder inside the workspace must be reached through real folders only: the AI tool can replace one
     * with a link, and Incus would mount what the link leads to on the host, under a path the user chose as a folder
     * of the workspace (and consented to, for a workspace's {@code .coi.toml}). Folders yet to be made are fine.
     */
    private static void refuseLinksInWorkspace(Path workspace, SessionMount mount) {
        if (!mount.host().startsWith(workspace) || mount.host().equals(workspace)) {
            return;
        }
        Path folder = workspace;
        for (Path name : workspace.relativize(mount.host())) {
            folder = folder.resolve(name);
            if (Files.isSymbolicLink(folder)) {
                throw CoiException.failure("cannot mount " + mount.host() + " at " + mount.containerPath() + ": "
                        + folder + " is a symbolic link in the workspace, where the AI tool can make links that lead"
                        + " anywhere on the host; replace it with the folder itself, or mount the folder it leads to"
                        + " by that folder's own path");
            }
        }
    }

    static NetworkMode networkMode(String text) {
        return Arrays.stream(NetworkMode.values())
                .filter(mode -> mode.configName().equals(text))
                .findFirst()
                .orElseThrow(() -> CoiException.usage("invalid --network '" + text + "': choose " + Arrays.stream(
                        NetworkMode.values()).map(NetworkMode::configName).collect(Collectors.joining(", "))));
    }

    public LaunchPlan {
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        mounts = List.copyOf(mounts);
    }
}
