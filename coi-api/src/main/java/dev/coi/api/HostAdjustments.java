package dev.coi.api;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a recognised host environment changes about how containers are made.
 *
 * @param description what was recognised, for example {@code Colima VM (virtiofs mounts)}
 * @param uidShifting whether idmapped ({@code shift=true}) disk devices may be used
 * @param workingNetworkModes the network modes that can be enforced on this host
 * @param notes things the user should know, shown by {@code coi health}
 * @since 0.1.0
 */
public record HostAdjustments(String description, boolean uidShifting, Set<NetworkMode> workingNetworkModes,
                              List<String> notes) {

    /**
     * Checks and copies the components.
     *
     * @param description what was recognised
     * @param uidShifting whether idmapped mounts may be used
     * @param workingNetworkModes the enforceable modes
     * @param notes things to tell the user
     */
    public HostAdjustments {
        Objects.requireNonNull(description, "description");
        workingNetworkModes = Set.copyOf(workingNetworkModes);
        notes = List.copyOf(notes);
    }
}
