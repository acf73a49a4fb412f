package dev.coi.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
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
     * How long one {@link #enforce} or {@link #release} typically takes on a host where the backend works. With
     * {@code network.backend = auto} coi picks, among the backends that work on the host, the one with the shortest
     * time. The default, one second, puts a backend that does not say after those that do.
     *
     * @return the typical time of one change
     * @since 0.3.0
     */
    default Duration changeTime() {
        return Duration.ofSeconds(1);
    }

    /**
     * Whether the backend enforces policies that follow DNS ({@link NetworkPolicy#dns()}) and opens addresses with
     * {@link #admit}. coi gives a backend that does not such policies never, and keeps the addresses of allowed names
     * as pinned rules instead. The default is false.
     *
     * @return true when {@link #admit} works
     * @since 0.3.0
     */
    default boolean followsDns() {
        return false;
    }

    /**
     * Lets the container reach the addresses for the lifetime, on top of its policy, which must follow DNS. An address
     * admitted again gets the new lifetime. Returns once the addresses are reachable. Enforcing the container's
     * policy again keeps what was admitted; releasing it removes it.
     *
     * @param container the container, whose policy is in force
     * @param addresses IPv4 and IPv6 addresses, without prefix length
     * @param lifetime how long they stay reachable, at least one second
     * @param host runs host commands
     * @throws PortException when they could not be opened, or the backend does not follow DNS
     * @since 0.3.0
     */
    default void admit(String container, List<String> addresses, Duration lifetime, HostCommands host) {
        throw new PortException("the network backend " + name() + " does not follow DNS");
    }

    /**
     * Reads back, without changing anything, what the firewall holds for the container: its rules with their
     * counters, and the addresses {@link #admit} opened with the time they have left. coi shows it with
     * {@code coi network show}. The default says nothing.
     *
     * @param container the container
     * @param host runs host commands
     * @return what is in force for the container (empty lists when it has nothing); empty when the backend cannot
     *         say
     * @throws PortException when the firewall could not be read
     * @since 0.3.0
     */
    default Optional<RulesInForce> inspect(String container, HostCommands host) {
        return Optional.empty();
    }

    /**
     * How many packets of the container its rules refused (rejected or dropped) since they were put in place, from
     * the firewall's own counters: what a {@link SessionWatcher} sees as attempts to reach what the session may not.
     * The default says nothing.
     *
     * @param container the container
     * @param host runs host commands
     * @return the packets refused; empty when the backend does not count them
     * @throws PortException when the firewall could not be read
     * @since 0.3.2
     */
    default OptionalLong refusedPackets(String container, HostCommands host) {
        return OptionalLong.empty();
    }

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
