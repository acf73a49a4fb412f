package dev.coi.kernel.sessions.launch;

import dev.coi.kernel.sessions.EndingClaim;

/**
 * Where a session runs.
 *
 * @param name the container's name
 * @param slot its slot
 * @param created whether this coi created it; otherwise an existing persistent container is reused
 * @param setUpClaim the claim on the container this coi created, held until it is set up; null otherwise
 */
public record Placement(String name, int slot, boolean created, EndingClaim setUpClaim) implements AutoCloseable {

    /** A reused container, which no claim guards while it starts. */
    static Placement reused(String name, int slot) {
        return new Placement(name, slot, false, null);
    }

    /** Lets other processes end the container's session: it is set up, or gone. */
    @Override
    public void close() {
        if (setUpClaim != null) {
            setUpClaim.close();
        }
    }
}
