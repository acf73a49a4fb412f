package dev.coi.kernel.sessions.launch;

import dev.coi.api.AiTool;
import dev.coi.api.NetworkMode;
import dev.coi.api.SessionPlan;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.images.InstalledTools;
import dev.coi.kernel.incus.ContainerHost;
import dev.coi.kernel.incus.ImageAlias;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.network.SessionNetwork;
import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.SessionContainer;
import dev.coi.kernel.sessions.WorkspaceMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The steps {@code coi shell} and {@code coi run} share before and right after the container exists. */
final class SessionStart {

    private final LaunchContext context;

    SessionStart(LaunchContext context) {
        this.context = context;
    }

    /**
     * Saves and removes the stopped ephemeral session containers that a killed coi could not end, then lists
     * the instances as they are now.
     */
    List<Instance> reapStoppedAndList() {
        List<Instance> instances = context.incus().instances();
        ContainerNames names = context.names();
        List<SessionContainer> sessions = instances.stream()
                .filter(instance -> names.isSessionContainer(instance.name()))
                .map(SessionContainer::of)
                .toList();
        if (sessions.stream().anyMatch(container -> container.isLabelled() && !container.persistent()
                && container.isStopped())) {
            context.finisher().reapStopped(sessions);
            return context.incus().instances();
        }
        return instances;
    }

    /**
     * The image must be there before anything is created.
     *
     * @return its fingerprint
     */
    String requireImage(String image) {
        return context.incus().images().alias(image).map(ImageAlias::target).orElseThrow(() -> CoiException.failure(
                "image '" + image + "' not found - run 'coi build' first (or choose another image with --image; 'coi"
                        + " image list' shows the local ones)"));
    }

    /**
     * An image whose build recorded its tools must have the session's when coi's build installs that tool, or the
     * session would show the shell's "not found" in place of the tool. An image that recorded none (made otherwise),
     * or a tool without an install step (a plugin's, run by a program the image has anyway), is trusted.
     */
    void requireTool(String image, String fingerprint, AiTool aiTool) {
        if (aiTool.imageInstallScript().isEmpty()) {
            return;
        }
        String tool = aiTool.name();
        Optional<Set<String>> tools = context.incus().images().image(fingerprint).flatMap(InstalledTools::of);
        if (tools.isPresent() && !tools.get().contains(tool)) {
            throw CoiException.failure("image '" + image + "' has no " + tool + " (it has: " + (tools.get().isEmpty()
                    ? "no tool" : String.join(", ", tools.get())) + "), so a session could not start it. Build the"
                    + " image again with `coi build` (its output says why " + tool + "'s install step failed), start"
                    + " one of its tools with --tool, or open a shell in the container with --debug");
        }
    }

    /** The workspace's owner, whom the container maps to its code user; says which host environment coi saw. */
    WorkspaceOwner workspaceOwner(Path workspace) {
        HostEnvironments.detect(context.plugins().extensions(dev.coi.api.HostEnvironment.class),
                        HostEnvironments.probe(context.variables(), context.config()))
                .ifPresent(adjustments -> context.progress().info("Host: " + adjustments.description()));
        return WorkspaceOwner.of(workspace);
    }

    /**
     * Before the container is made: what an earlier session left in the workspace's repository that host git
     * would run is undone, and the repository is recorded for the check at the session's end; setuid and setgid
     * bits left in the workspace are taken off.
     */
    void guardGit(Path workspace, List<Instance> instances) {
        if (context.config().protectGit()) {
            context.finisher().guardGit(workspace, instances);
        }
        context.finisher().clearSetIdBits(workspace, instances);
    }

    /**
     * A copied workspace goes into a new container once its user is known, before the tool's files and before
     * anything of the session runs.
     */
    void copyWorkspaceIn(String name, SessionPlan planned, SessionUser user, WorkspaceMode mode) {
        if (mode == WorkspaceMode.COPY) {
            context.workspaces().copyIn(name, planned.sessionId(), planned.workspace(), user.uid(), user.gid());
        }
    }

    /**
     * Before anything is created: the mode can be enforced, else the user is told how to fix it. coi's rules are this
     * machine's firewall's, which sees no packet of a container on another machine: another server, or another
     * member of a cluster.
     */
    SessionNetwork.Preparation prepareNetwork(NetworkMode mode) {
        ContainerHost host = context.incus().host();
        if (mode != NetworkMode.OPEN && !host.here()) {
            throw CoiException.failure("network mode " + mode.configName() + " cannot be enforced for a container on "
                    + host.where() + ": coi filters a session's traffic with this machine's firewall, and "
                    + host.why() + ". " + host.remedy() + ", or start the session with --network open if nothing"
                    + " needs filtering there");
        }
        return context.network().prepare(mode, context.config().network());
    }

    /**
     * Before anything is created: this machine's folders can be mounted only into a container that runs here; a
     * workspace that cannot be mounted goes in as a copy ({@link WorkspaceMode#choose}), other mounts cannot.
     */
    void requireMountable(LaunchPlan plan) {
        ContainerHost host = context.incus().host();
        if (host.here()) {
            return;
        }
        List<String> folders = new ArrayList<>(plan.mounts().stream().map(mount -> mount.host().toString()).toList());
        if (plan.workspaceMode() == WorkspaceMode.MOUNT) {
            folders.addFirst("the workspace " + plan.workspace());
        }
        if (!folders.isEmpty()) {
            throw CoiException.failure(String.join(", ", folders) + " cannot be mounted into a container on "
                    + host.where() + ": a mount shows a folder of the machine the container runs on, and "
                    + host.why() + ". " + host.remedy() + (plan.workspaceMode() == WorkspaceMode.MOUNT
                    ? "; or copy the workspace in with --workspace-mode copy" : "; leave out the mounts"));
        }
    }

    /** Rules for the container's address, before anything of the user runs in it. */
    void enforceNetwork(String name, String sessionId, NetworkMode mode) throws InterruptedException {
        context.network().enforce(name, sessionId, mode, context.config().network());
    }

    /**
     * A new container that its create request did not start (coi chose its address): its rules go in place, then it
     * starts, so that its first boot finds them.
     */
    void enforceNetworkThenStart(String name, String sessionId, NetworkMode mode, SessionTimings timings)
            throws InterruptedException {
        enforceNetwork(name, sessionId, mode);
        timings.phase("rules");
        try {
            context.incus().start(name);
        } catch (IncusException e) {
            throw explained(name, e);
        }
    }

    /**
     * A start that failed in Incus' {@code forkstart} with a {@code raw.idmap}: most likely ids not delegated to root,
     * which Incus says only in its log.
     */
    private RuntimeException explained(String name, IncusException failure) {
        if (!String.valueOf(failure.getMessage()).contains("forkstart")) {
            return failure;
        }
        Optional<String> idmap;
        try {
            idmap = context.incus().instance(name).map(instance -> instance.config().get(OwnerMapping.RAW_IDMAP));
        } catch (IncusException e) {
            failure.addSuppressed(e);
            return failure;
        }
        return idmap.<RuntimeException>map(map -> CoiException.failure("could not start container " + name + ": "
                + failure.getMessage() + " (" + OwnerMapping.delegationHint(map) + ")")).orElse(failure);
    }


    /** Makes the host folders of mounts that do not exist yet, as the reference tool does. */
    static void makeHostDirectories(SessionBlueprint blueprint) {
        for (Path directory : blueprint.hostDirectories()) {
            if (Files.notExists(directory)) {
                try {
                    Files.createDirectories(directory);
                } catch (IOException e) {
                    throw CoiException.failure("cannot create the host folder " + directory + " to mount: "
                            + e.getMessage());
                }
            }
        }
    }

    /** Deletes a container this coi created for a session that could not be set up. */
    void removeNew(String name) {
        try {
            context.incus().deleteForcibly(name);
        } catch (IncusException e) {
            context.progress().warn("could not remove container " + name + ": " + e.getMessage()
                    + "; remove it with 'coi kill " + name + "'");
        }
    }
}
