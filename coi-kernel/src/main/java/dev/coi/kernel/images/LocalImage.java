package dev.coi.kernel.images;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An image in the local store.
 *
 * @param fingerprint its SHA-256 fingerprint
 * @param aliases its aliases, sorted
 * @param size its size in bytes
 * @param createdAt when it was made, if Incus knows
 * @param uploadedAt when it came into the local store, if Incus knows
 * @param description its {@code description} property, or empty
 */
public record LocalImage(String fingerprint, List<String> aliases, long size, Optional<Instant> createdAt,
                         Optional<Instant> uploadedAt, String description) {

    public LocalImage {
        aliases = List.copyOf(aliases);
    }
}
