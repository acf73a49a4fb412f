package dev.coi.api;

import java.util.Objects;

/**
 * Whether something the kernel depends on can be used, and if not, how the user fixes it.
 *
 * @param available whether it can be used
 * @param detail what was found, for example {@code firewalld 1.3.0 running}
 * @param fix what to do when it is not available; empty when it is
 * @since 0.1.0
 */
public record Availability(boolean available, String detail, String fix) {

    /**
     * Checks the components.
     *
     * @param available whether it can be used
     * @param detail what was found
     * @param fix how to fix it
     */
    public Availability {
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(fix, "fix");
    }

    /**
     * Available.
     *
     * @param detail what was found
     * @return the availability
     */
    public static Availability yes(String detail) {
        return new Availability(true, detail, "");
    }

    /**
     * Not available.
     *
     * @param detail what was found
     * @param fix what the user does about it
     * @return the availability
     */
    public static Availability no(String detail, String fix) {
        return new Availability(false, detail, fix);
    }
}
