package dev.coi.kernel.incus;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An instance (a container, for coi) as Incus describes it.
 *
 * @param name the name
 * @param type {@code "container"} or {@code "virtual-machine"}
 * @param status e.g. {@code "Running"}
 * @param ephemeral whether Incus deletes it when it stops
 * @param config its own configuration keys, e.g. {@code user.*} labels and limits
 * @param devices its own devices by name, each a map of device keys
 * @param expandedConfig the configuration with its profiles applied
 * @param expandedDevices the devices with its profiles applied
 * @param profiles the profiles applied, in order
 * @param createdAt when it was created
 * @param state its run-time state; null unless asked for
 * @param location the cluster member it is on; {@code none} (or null) when the server is not a cluster
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Instance(
        String name,
        String type,
        String status,
        boolean ephemeral,
        Map<String, String> config,
        Map<String, Map<String, String>> devices,
        @JsonProperty("expanded_config") Map<String, String> expandedConfig,
        @JsonProperty("expanded_devices") Map<String, Map<String, String>> expandedDevices,
        List<String> profiles,
        @JsonProperty("created_at") Instant createdAt,
        InstanceState state,
        String location) {

    /**
     * Replaces missing maps and lists with empty ones.
     *
     * @param name the name
     * @param type the type
     * @param status the status
     * @param ephemeral whether ephemeral
     * @param config the configuration
     * @param devices the devices
     * @param expandedConfig the expanded configuration
     * @param expandedDevices the expanded devices
     * @param profiles the profiles
     * @param createdAt the creation time
     * @param state the state
     * @param location the cluster member
     */
    public Instance {
        config = config == null ? Map.of() : Map.copyOf(config);
        devices = devices == null ? Map.of() : Map.copyOf(devices);
        expandedConfig = expandedConfig == null ? Map.of() : Map.copyOf(expandedConfig);
        expandedDevices = expandedDevices == null ? Map.of() : Map.copyOf(expandedDevices);
        profiles = profiles == null ? List.of() : List.copyOf(profiles);
    }

    /**
     * The cluster member it is on.
     *
     * @return the member's name; empty when the server is not a cluster
     */
    public Optional<String> member() {
        return Optional.ofNullable(location).filter(name -> !name.isBlank() && !"none".equals(name));
    }

    /**
     * Whether it runs.
     *
     * @return true when the status is {@code Running}
     */
    public boolean isRunning() {
        return "Running".equals(status);
    }

    /**
     * Whether its processes are frozen ({@code coi container freeze}, or a watcher's response).
     *
     * @return true when the status is {@code Frozen}
     */
    public boolean isFrozen() {
        return "Frozen".equals(status);
    }

    /**
     * Whether its processes exist, going on or frozen: it must be stopped before it can be deleted, and a session in
     * it has not ended.
     *
     * @return true when the status is {@code Running} or {@code Frozen}
     */
    public boolean isRunningOrFrozen() {
        return isRunning() || isFrozen();
    }

    /**
     * Whether it is stopped, which is more than not running: one that is shutting down is neither.
     *
     * @return true when the status is {@code Stopped}
     */
    public boolean isStopped() {
        return "Stopped".equals(status);
    }
}
