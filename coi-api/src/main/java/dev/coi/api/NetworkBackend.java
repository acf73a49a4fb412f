package dev.coi.api;

import java.util.Set;

/**
 * Enforces a {@link NetworkMode} on containers, for example with firewalld direct rules.
 *
 * @since 0.1.0
 */
public non-sealed interface NetworkBackend extends Extension {

    /**
     * The modes this backend can enforce.
     *
     * @return the supported modes
     */
    Set<NetworkMode> supportedModes();

    /**
     * Finds out, without changing anything, whether the backend can work on this host right now.
     *
     * @param host runs host commands
     * @return available, or the reason it is not and how to fix it
     */
    Availability availability(HostCommands host);
}
