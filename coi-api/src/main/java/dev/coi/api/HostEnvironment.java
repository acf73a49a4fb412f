package dev.coi.api;

import java.util.Optional;
import java.util.Set;

/**
 * A kind of host coi can run on, such as a Colima or Lima VM, and the adjustments it needs.
 *
 * <p>The kernel asks every host environment, highest {@link #priority()} first, and uses the first one that
 * recognises the host; a plain Linux host needs no plugin.
 *
 * @since 0.1.0
 */
public non-sealed interface HostEnvironment extends Extension {

    /**
     * The order in which host environments are asked; higher goes first.
     *
     * @return the priority
     */
    default int priority() {
        return 0;
    }

    /**
     * Recognises the host.
     *
     * @param probe reads the files, environment and settings detection needs
     * @return the adjustments when this is the host, otherwise empty
     */
    Optional<HostAdjustments> detect(HostProbe probe);

    /**
     * The values of {@code host.environment} with which the user tells this extension that coi runs in its kind of
     * host, instead of letting it look ({@link HostProbe#setting} gives {@link #detect} the value). The kernel accepts
     * these besides its own {@code auto} (look) and {@code linux} (a plain host, no extension applies).
     *
     * @return lower-case names such as {@code myvm}; empty, the default, when the host is only recognised by looking
     * @since 0.2.0
     */
    default Set<String> settingValues() {
        return Set.of();
    }
}
