package dev.coi.kernel.incus;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of an instance as Incus describes it ({@code GET /1.0/instances/<name>/snapshots/<snapshot>}).
 *
 * @param name the snapshot's own name, without the instance's
 * @param createdAt when it was taken
 * @param expiresAt when Incus deletes it; Incus says {@code 0001-01-01T00:00:00Z} for never
 * @param stateful whether it holds the processes' memory (CRIU)
 * @param description its description; Incus 6.0 has none
 * @param config the instance's configuration keys as they were when it was taken, {@code user.coi.*} labels too
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstanceSnapshot(
        String name,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("expires_at") Instant expiresAt,
        boolean stateful,
        String description,
        Map<String, String> config) {

    /**
     * Replaces a missing configuration with an empty one.
     *
     * @param name the name
     * @param createdAt when taken
     * @param expiresAt when it expires
     * @param stateful whether stateful
     * @param description the description
     * @param config the configuration
     */
    public InstanceSnapshot {
        config = config == null ? Map.of() : Map.copyOf(config);
    }

    /**
     * When Incus deletes it on its own.
     *
     * @return the time, or empty for never (Incus' zero time, year 1)
     */
    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt).filter(when -> when.isAfter(Instant.EPOCH));
    }

    /**
     * Its description, when it has one.
     *
     * @return the description, or empty when missing or blank
     */
    public Optional<String> describedAs() {
        return Optional.ofNullable(description).filter(text -> !text.isBlank());
    }
}
