package dev.coi.kernel.sessions.launch;

import dev.coi.api.Progress;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.sessions.ContainerNames;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Picks a slot and creates the container in it, safely under concurrency without a lock: the create request
 * itself fails when another coi created a container of that name meanwhile, and the next free slot is tried.
 */
public final class SlotAllocator {

    /** Creates the container of a name; false when a container of that name exists already. */
    @FunctionalInterface
    public interface Creator {
        boolean create(String name);
    }

    private final ContainerNames names;
    private final Path workspace;
    private final Progress progress;

    public SlotAllocator(ContainerNames names, Path workspace, Progress progress) {
        this.names = names;
        this.workspace = workspace;
        this.progress = progress;
    }

    /**
     * Creates the container in the lowest slot that is neither taken nor taken meanwhile.
     *
     * @param free the slots not taken when they were listed, shared by the sessions this coi starts together
     * @return the slot the container was created in
     */
    public int createInLowestFree(FreeSlots free, Creator creator) {
        for (OptionalInt slot = free.takeFrom(ContainerNames.FIRST_SLOT); slot.isPresent();
                slot = free.takeFrom(slot.getAsInt() + 1)) {
            if (creator.create(names.name(workspace, slot.getAsInt()))) {
                progress.info("Auto-allocated slot " + slot.getAsInt());
                return slot.getAsInt();
            }
        }
        throw allTaken();
    }

    /**
     * Creates the container in the slot the user asked for, or when that one is occupied (or was taken
     * meanwhile), in the next free slot after it.
     *
     * @param wanted the slot asked for
     * @param wantedOccupied whether the wanted slot is known to hold a container that cannot be used
     * @param free the slots other than the wanted one that had no container when they were listed
     * @return the slot the container was created in
     */
    public int createInSlotOrNext(int wanted, boolean wantedOccupied, FreeSlots free, Creator creator) {
        if (!wantedOccupied && creator.create(names.name(workspace, wanted))) {
            return wanted;
        }
        for (OptionalInt slot = free.takeFrom(wanted + 1); slot.isPresent();
                slot = free.takeFrom(slot.getAsInt() + 1)) {
            if (creator.create(names.name(workspace, slot.getAsInt()))) {
                progress.info("Slot " + wanted + " is occupied, using slot " + slot.getAsInt() + " instead");
                return slot.getAsInt();
            }
        }
        throw CoiException.failure("slot " + wanted + " of workspace " + workspace + " is occupied and no slot from "
                + (wanted + 1) + " to " + ContainerNames.MAX_SLOTS + " is free: leave out --slot, end a session"
                + " with 'coi shutdown NAME', or remove stopped containers with 'coi clean'");
    }

    private CoiException allTaken() {
        return CoiException.failure("all " + ContainerNames.MAX_SLOTS + " slots of workspace " + workspace
                + " are in use (" + names.name(workspace, ContainerNames.FIRST_SLOT) + " to "
                + names.name(workspace, ContainerNames.MAX_SLOTS) + "): see them with 'coi list', end one with"
                + " 'coi shutdown NAME', or remove stopped ones with 'coi clean'");
    }
}
