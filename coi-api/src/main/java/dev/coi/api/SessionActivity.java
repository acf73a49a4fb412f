package dev.coi.api;

/**
 * What a session's container has done, counted on the host, where nothing in the container can change the counts:
 * every count only grows, so that a {@link SessionWatcher} finds a rate from two looks.
 *
 * @param diskReadBytes bytes its processes read from block devices since it started (its control group's I/O
 *                      accounting: what came from a cache is not counted), -1 when the host does not count them
 * @param diskWrittenBytes bytes its processes wrote to block devices since it started, as counted for reads;
 *                         -1 when the host does not count them
 * @param workspaceRemovals files and folders removed from the workspace since the session has been watched, -1
 *                          when coi cannot watch the workspace
 * @param refusedPackets packets of the container its network rules refused since they were put in place
 *                       ({@link NetworkBackend#refusedPackets}), read every few looks; -1 when its network is not
 *                       filtered or the backend does not count them
 * @since 0.3.2
 */
public record SessionActivity(long diskReadBytes, long diskWrittenBytes, long workspaceRemovals,
        long refusedPackets) {
}
