package dev.coi.api;

import java.util.Map;
import java.util.Set;

/**
 * Enforces a {@link NetworkPolicy} on containers, for example with firewalld direct rules.
 *
 * <p>Every rule a backend adds is recorded as owned by one container, in the firewall itself where it can, so
 * that rules are found again after coi or the host restarted and removed with their container.
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

    /**
     * Puts the policy in place. Afterwards exactly the policy's rules apply to its container: rules the container
     * owned before, and rules of any owner for the same address (left by a container that had it earlier), are
     * gone. Rules are added before old ones are removed, so that a policy being replaced never leaves a gap.
     *
     * @param policy the policy
     * @param host runs host commands
     * @throws PortException when the firewall refused a rule; what was added is removed again
     */
    void enforce(NetworkPolicy policy, HostCommands host);

    /**
     * Removes every rule the container owns; nothing happens when it owns none.
     *
     * @param container the container name
     * @param host runs host commands
     * @throws PortException when the firewall could not be read or changed
     */
    void release(String container, HostCommands host);

    /**
     * Starts watching for the firewall dropping rules behind coi's back (firewalld drops every runtime rule when it
     * reloads or restarts), so that the rules are put back within seconds rather than at the next periodic check.
     * Watching must cost next to nothing while nothing happens. The default watches nothing.
     *
     * @param lost called, on a thread of the backend's, whenever rules may have been dropped; it must return quickly
     * @return ends the watch
     * @since 0.1.0
     */
    default AutoCloseable watchLosses(Runnable lost) {
        return () -> { };
    }

    /**
     * The containers that own rules now, each with the source addresses its rules are scoped to.
     *
     * @param host runs host commands
     * @return owner to addresses
     * @throws PortException when the firewall could not be read
     */
    Map<String, Set<String>> owners(HostCommands host);
}
