package dev.coi.kernel.workspace;

import java.util.List;

/**
 * What a sync did, or would do with {@code --dry-run}: one change per path that differed.
 *
 * @param changes the changes in path order
 * @param dryRun whether nothing was done
 */
public record SyncReport(List<Change> changes, boolean dryRun) {

    /** What became of one path. */
    public enum Action {
        /** The container's version was written on the host. */
        TO_HOST("to host"),
        /** The host's version was written in the container. */
        TO_CONTAINER("to container"),
        /** Deleted in the container: the host's file was moved to coi's trash folder, not deleted. */
        DELETED_ON_HOST("deleted on host"),
        DELETED_IN_CONTAINER("deleted in container"),
        /** Changed on both sides: the host's file stays as it is, the container's version is kept aside. */
        CONFLICT("conflict"),
        /** The container's version may not come to the host (a link, a device, a git hook or config...). */
        NOT_BROUGHT_BACK("not brought back");

        private final String label;

        Action(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * @param path relative to the workspace
     * @param action what was done
     * @param detail why, or where a kept-aside version now is; may be empty
     */
    public record Change(String path, Action action, String detail) {
    }

    public SyncReport {
        changes = List.copyOf(changes);
    }

    public boolean hasConflicts() {
        return changes.stream().anyMatch(change -> change.action() == Action.CONFLICT);
    }

    public long count(Action action) {
        return changes.stream().filter(change -> change.action() == action).count();
    }
}
