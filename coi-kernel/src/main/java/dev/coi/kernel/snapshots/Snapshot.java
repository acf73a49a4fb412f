package dev.coi.kernel.snapshots;

import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of a container, with the host copy of its saved session when one was taken with it.
 *
 * @param name the snapshot's name
 * @param createdAt when Incus took it
 * @param expiresAt when Incus deletes it on its own; empty for never
 * @param stateful whether it holds the processes' memory too
 * @param description its description, when Incus keeps one
 * @param sessionCopy the saved session taken with it; empty for a plain snapshot
 */
public record Snapshot(String name, Instant createdAt, Optional<Instant> expiresAt, boolean stateful,
        Optional<String> description, Optional<SessionCopy> sessionCopy) {
}
