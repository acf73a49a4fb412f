package dev.coi.kernel.sessions.launch;

import dev.coi.api.NetworkMode;
import dev.coi.api.SessionPlan;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.network.SessionNetwork;
import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.SessionContainer;
import dev.coi.kernel.sessions.WorkspaceMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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

    /** The image must be there before anything is created. */
    void requireImage(String image) {
        if (context.incus().images().alias(image).isEmpty()) {
            throw CoiException.failure("image '" + image + "' not found - run 'coi build' first (or choose another"
                    + " image with --image; 'coi image list' shows the local ones)");
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

    /** Before anything is created: the mode can be enforced, else the user is told how to fix it. */
    SessionNetwork.Preparation prepareNetwork(NetworkMode mode) {
        return context.network().prepare(mode, context.config().network());
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
