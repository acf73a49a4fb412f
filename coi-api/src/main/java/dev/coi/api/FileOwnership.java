package dev.coi.api;

/**
 * Owner and permission bits for files created in a container.
 *
 * @param uid the owning user id inside the container
 * @param gid the owning group id inside the container
 * @param mode the permission bits, for example {@code 0644}; directories get the execute bits added
 *             where read bits are set
 * @since 0.1.0
 */
public record FileOwnership(int uid, int gid, int mode) {

    /**
     * Checks the mode.
     *
     * @param uid the user id
     * @param gid the group id
     * @param mode the permission bits
     */
    public FileOwnership {
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("mode must be between 0 and 07777, was " + Integer.toOctalString(mode));
        }
    }
}
