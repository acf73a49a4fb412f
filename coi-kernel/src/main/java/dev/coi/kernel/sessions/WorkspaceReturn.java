package dev.coi.kernel.sessions;

/**
 * Brings a copied workspace's changes back to the host before its session's container goes away. The finisher
 * asks it first, and does not delete a container whose changes could not come back.
 */
@FunctionalInterface
public interface WorkspaceReturn {

    /**
     * @param container a session container about to be stopped and, unless persistent, deleted
     * @return whether the container may go: true when its workspace is mounted or its changes are on the host
     *         (conflicting versions kept aside count), false when they could not be taken back
     */
    boolean bringBack(SessionContainer container);

    /** For finishers of mounted workspaces only, as in tests: every container may go. */
    static WorkspaceReturn none() {
        return container -> true;
    }
}
