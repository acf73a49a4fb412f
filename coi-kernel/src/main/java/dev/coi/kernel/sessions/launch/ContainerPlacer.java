package dev.coi.kernel.sessions.launch;

import dev.coi.api.Progress;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.incus.ContainerRuntime;
import dev.coi.kernel.incus.IncusConflictException;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.incus.InstanceSpec;
import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.EndingClaim;
import dev.coi.kernel.sessions.SessionContainer;
import dev.coi.kernel.sessions.SessionFinisher;
import dev.coi.kernel.sessions.SessionLabels;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Chooses the slot of a session and creates its container there with one request, or finds the persistent
 * container the user asked to come back to.
 */
public final class ContainerPlacer {

    private final ContainerRuntime incus;
    private final ContainerNames names;
    private final SessionFinisher finisher;
    private final Progress progress;

    public ContainerPlacer(ContainerRuntime incus, ContainerNames names, SessionFinisher finisher, Progress progress) {
        this.incus = incus;
        this.names = names;
        this.finisher = finisher;
        this.progress = progress;
    }

    /**
     * @param workspace the workspace
     * @param slot the slot asked for, if any
     * @param reuse whether an existing container in the asked slot is used (coi shell) rather than skipped (coi
     *              run): a persistent one, or a running one of the session being resumed
     * @param resumedSession the session being resumed, if any
     * @param spec the create request for a name
     * @param creating told the name just before each create request, so that a signal arriving meanwhile finds the
     *                 container
     * @param instances the instances as listed now
     */
    public Placement place(Path workspace, OptionalInt slot, boolean reuse, Optional<String> resumedSession,
            Function<String, InstanceSpec> spec, Consumer<String> creating, List<Instance> instances) {
        Set<Integer> taken = FreeSlots.takenIn(names, workspace, instances);
        if (slot.isEmpty()) {
            return placeNew(workspace, new FreeSlots(taken), spec, creating);
        }
        SlotAllocator allocator = new SlotAllocator(names, workspace, progress);
        SetUpClaims claims = new SetUpClaims();
        SlotAllocator.Creator creator = name -> claims.claimed(name, () -> create(spec.apply(name), creating));
        int wanted = slot.getAsInt();
        String name = names.name(workspace, wanted);
        Optional<Instance> existing = instances.stream().filter(instance -> instance.name().equals(name)).findFirst();
        boolean occupied = false;
        if (existing.isPresent()) {
            SessionContainer container = SessionContainer.of(existing.get());
            boolean sameSession = resumedSession.isPresent() && container.sessionId().equals(resumedSession);
            if (reuse && (container.persistent() || sameSession && container.isRunning())) {
                // the reference tool's words, which scripts wait for
                progress.info(container.isRunning() ? "Container already running, reusing... (" + name + ")"
                        : "Restarting existing persistent container " + name + "...");
                return Placement.reused(name, wanted);
            }
            if (!container.persistent() && container.isStopped()) {
                progress.info("Found the stopped container " + name + " of an earlier session, saving and removing it");
                finisher.reapStopped(List.of(container));
                occupied = incus.instance(name).isPresent();
            } else {
                occupied = true;
            }
        }
        taken.remove(wanted);
        int chosen = allocator.createInSlotOrNext(wanted, occupied, new FreeSlots(taken), creator);
        return claims.placement(names.name(workspace, chosen), chosen);
    }

    /**
     * Creates a new container in the lowest slot of {@code free} that no other coi takes meanwhile.
     *
     * @param free the slots to try, shared by the sessions this coi starts together
     * @param spec the create request for a name
     * @param creating told the name just before each create request
     */
    public Placement placeNew(Path workspace, FreeSlots free, Function<String, InstanceSpec> spec,
            Consumer<String> creating) {
        SetUpClaims claims = new SetUpClaims();
        int chosen = new SlotAllocator(names, workspace, progress).createInLowestFree(free,
                name -> claims.claimed(name, () -> create(spec.apply(name), creating)));
        return claims.placement(names.name(workspace, chosen), chosen);
    }

    /** The claim of the name being created, taken before the create and kept when the create succeeds. */
    private final class SetUpClaims {

        private EndingClaim kept;

        boolean claimed(String name, BooleanSupplier create) {
            Optional<EndingClaim> claim = finisher.claimForSetUp(name);
            if (claim.isEmpty()) {
                return false;
            }
            boolean created = false;
            try {
                created = create.getAsBoolean();
                return created;
            } finally {
                if (created) {
                    kept = claim.get();
                } else {
                    claim.get().close();
                }
            }
        }

        Placement placement(String name, int slot) {
            return new Placement(name, slot, true, kept);
        }
    }

    private boolean create(InstanceSpec spec, Consumer<String> creating) {
        creating.accept(spec.name());
        try {
            incus.create(spec);
            return true;
        } catch (IncusConflictException e) {
            return false;
        } catch (IncusException e) {
            // Incus answers a create racing another coi's create or start of the same name not always with a
            // conflict ("Instance is busy running a start operation"): whose container is there decides
            Optional<Instance> there = existing(spec.name());
            String ours = spec.config().get(SessionLabels.SESSION_ID);
            if (there.isPresent() && (ours == null || !ours.equals(there.get().config().get(SessionLabels.SESSION_ID)))) {
                return false;
            }
            // ours, made but not started: useless, it holds nothing yet
            if (there.isPresent()) {
                try {
                    incus.deleteForcibly(spec.name());
                } catch (IncusException ignored) {
                    e.addSuppressed(ignored);
                }
            }
            String idmap = spec.config().get(OwnerMapping.RAW_IDMAP);
            throw CoiException.failure("could not create and start container " + spec.name() + " from image '"
                    + spec.imageAlias() + "': " + e.getMessage()
                    + (idmap == null ? "" : " (" + OwnerMapping.delegationHint(idmap) + ")"));
        }
    }

    private Optional<Instance> existing(String name) {
        try {
            return incus.instance(name);
        } catch (IncusException e) {
            return Optional.empty();
        }
    }
}
