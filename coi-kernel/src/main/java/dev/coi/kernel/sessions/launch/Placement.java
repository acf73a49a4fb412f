package dev.coi.kernel.sessions.launch;

/**
 * Where a session runs.
 *
 * @param name the container's name
 * @param slot its slot
 * @param created whether this coi created it; otherwise an existing persistent container is reused
 */
public record Placement(String name, int slot, boolean created) {
}
