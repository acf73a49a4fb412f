package dev.coi.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot a {@link SnapshotStore} keeps of a container.
 *
 * @param name the snapshot's name, unique for its container
 * @param createdAt when it was taken
 * @param expiresAt when the store deletes it on its own; empty for never
 * @param stateful whether it holds the processes' memory too, so that a restore can bring them back
 * @param description its description; empty when it has none
 * @since 0.2.0
 */
public record StoredSnapshot(String name, Instant createdAt, Optional<Instant> expiresAt, boolean stateful,
        Optional<String> description) {

    /**
     * Checks the components.
     *
     * @param name the name
     * @param createdAt when taken
     * @param expiresAt when it expires, empty for never
     * @param stateful whether it holds processes
     * @param description the description, empty for none
     */
    public StoredSnapshot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(description, "description");
    }
}
