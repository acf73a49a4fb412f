package dev.coi.kernel.incus;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The space of a storage pool ({@code space} of {@code GET /1.0/storage-pools/<name>/resources}).
 *
 * @param used bytes in use
 * @param total bytes in all
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PoolSpace(long used, long total) {

    /**
     * @return bytes still free
     */
    public long free() {
        return Math.max(0, total - used);
    }
}
