package dev.coi.kernel.workspace;

/**
 * How much of a container's workspace coi takes in one sync: a session can fill its workspace with more than the
 * host's disk holds, or with millions of empty files.
 *
 * @param maxBytes most bytes of file content
 * @param maxFiles most tar members (files, folders, links and anything else)
 */
public record SyncLimits(long maxBytes, int maxFiles) {
}
