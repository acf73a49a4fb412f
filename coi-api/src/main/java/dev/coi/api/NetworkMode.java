package dev.coi.api;

import java.util.Locale;

/**
 * How much of the network a container may reach.
 *
 * @since 0.1.0
 */
public enum NetworkMode {
    /** No filtering at all. */
    OPEN,
    /** The host is reachable, private ranges and cloud metadata are rejected, everything else is allowed. */
    RESTRICTED,
    /** Only the host and named destinations are reachable. */
    ALLOWLIST;

    /**
     * The name used in configuration and on the command line.
     *
     * @return for example {@code restricted}
     */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
