package dev.coi.api;

import java.util.List;
import java.util.Optional;

/**
 * Takes, lists, restores and deletes snapshots of containers: a container's files and configuration (and, where
 * the store can, its processes) as they were, to put the container back to later. The kernel's own is
 * {@code incus}, Incus' snapshots.
 *
 * <p>A store deals with the container only. The kernel checks the snapshot name (letters, digits, {@code .},
 * {@code _} and {@code -}, at most 63 characters) and that the container exists before it asks, and keeps the copy
 * of the saved AI-tool session that belongs to a snapshot itself.
 *
 * @since 0.2.0
 */
public non-sealed interface SnapshotStore extends Extension {

    /**
     * Takes a snapshot of the container.
     *
     * @param container the container name
     * @param snapshot the new snapshot's name; the container had none of that name when the kernel looked
     * @param withProcesses whether to save the memory of the running processes too; the kernel asks
     *                      {@link #problemsSavingProcesses(String)} first
     * @throws PortException when no snapshot was taken, also when one of that name appeared meanwhile; its message
     *                       is shown to the user
     */
    void create(String container, String snapshot, boolean withProcesses);

    /**
     * The container's snapshots.
     *
     * @param container the container name
     * @return its snapshots, oldest first
     * @throws PortException when they could not be read
     */
    List<StoredSnapshot> list(String container);

    /**
     * One snapshot of the container.
     *
     * @param container the container name
     * @param snapshot the snapshot's name
     * @return the snapshot, or empty when the container has none of that name
     * @throws PortException when it could not be read
     */
    Optional<StoredSnapshot> find(String container, String snapshot);

    /**
     * Puts the container back to the snapshot: its files and configuration, with {@code withProcesses} its processes
     * too (which starts it). The kernel has stopped the container first, and has asked
     * {@link #problemsRestoringProcesses(String, String)} when processes are to come back.
     *
     * @param container the container name
     * @param snapshot the snapshot's name
     * @param withProcesses whether to bring back the processes saved in the snapshot
     * @throws PortException when the container could not be restored
     */
    void restore(String container, String snapshot, boolean withProcesses);

    /**
     * Deletes a snapshot.
     *
     * @param container the container name
     * @param snapshot the snapshot's name
     * @throws PortException when there is no such snapshot or it could not be deleted
     */
    void delete(String container, String snapshot);

    /**
     * What stands in the way of saving the container's processes with a snapshot now, each with how to fix it.
     * The default: this store cannot save processes at all.
     *
     * @param container the container name
     * @return the problems; empty when nothing stands in the way
     */
    default List<String> problemsSavingProcesses(String container) {
        return List.of("the " + name() + " snapshot store cannot save processes: leave out --stateful");
    }

    /**
     * What stands in the way of bringing back the processes saved in a snapshot, each with how to fix it. The
     * default: this store cannot bring back processes at all.
     *
     * @param container the container name
     * @param snapshot the snapshot's name
     * @return the problems; empty when nothing stands in the way
     */
    default List<String> problemsRestoringProcesses(String container, String snapshot) {
        return List.of("the " + name() + " snapshot store cannot bring back processes: leave out --stateful");
    }
}
