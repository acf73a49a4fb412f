package dev.coi.kernel.network;

import dev.coi.api.NetworkMode;
import dev.coi.api.RulesInForce;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code coi network show} tells about one container: the network coi recorded for it, and whether the backend
 * has the rules in force that the record calls for. This is what a user checks when isolation seems off.
 *
 * @param container the container
 * @param mode the mode of its session
 * @param backend the name of the backend that enforces the mode on this host; empty when none is available
 * @param address the IPv4 address the rules are scoped to
 * @param rules the rules the record calls for, first match wins, each as "reject 10.0.0.0/8, ..."
 * @param inForce the addresses the backend's rules of this container are scoped to, as the backend reports them
 * @param allowed the allowlist entries, each with the addresses it stands for; empty outside allowlist mode
 * @param resolvedAt when the allowlist names were last resolved
 * @param nextRefresh when the keeper resolves them again; empty when it never does
 * @param state whether the rules found match the record
 * @param detail what the state means for the container, and what to do about it
 * @param resolver coi's resolver that the container's DNS goes to, when its allowlist follows DNS
 * @param firewall what the backend read back of the container's rules
 */
public record NetworkView(String container, NetworkMode mode, Optional<String> backend, String address,
        List<String> rules, Set<String> inForce, List<Allowed> allowed, Instant resolvedAt,
        Optional<Instant> nextRefresh, RulesState state, String detail, Optional<String> resolver,
        Firewall firewall) {

    public NetworkView {
        rules = List.copyOf(rules);
        inForce = Set.copyOf(inForce);
        allowed = List.copyOf(allowed);
    }

    /**
     * One entry of {@code network.allowed_domains}.
     *
     * @param entry the entry as configured: a name, an address or a CIDR
     * @param addresses what it stands for: a name's addresses at the last resolution, else the entry as a CIDR
     */
    public record Allowed(String entry, List<String> addresses) {

        public Allowed {
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * What the backend read back of the container's rules ({@link dev.coi.api.NetworkBackend#inspect}).
     *
     * @param held the rules with their counters and the addresses admitted by DNS; empty when the backend cannot
     *             say, was not asked, or could not be read
     * @param unread why it could not be read
     */
    public record Firewall(Optional<RulesInForce> held, Optional<String> unread) {

        /** The backend cannot say, or was not asked as it could not be used. */
        public static Firewall unsaid() {
            return new Firewall(Optional.empty(), Optional.empty());
        }
    }

    /** How the rules the backend has compare with the record. */
    public enum RulesState {
        /** The backend has rules of the container, scoped to the recorded address. */
        IN_FORCE,
        /** The backend has no rules of the container: it is not filtered. */
        MISSING,
        /** The backend's rules of the container are scoped to other addresses than the recorded one. */
        OTHER_ADDRESS,
        /** The record calls for no rules (every part of restricted mode switched off), and the backend has none. */
        NONE_NEEDED,
        /** The backend could not be asked. */
        UNKNOWN
    }
}
