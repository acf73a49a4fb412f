package dev.coi.kernel.incus;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A storage pool as Incus describes it ({@code GET /1.0/storage-pools/<name>}).
 *
 * @param name the name, e.g. {@code default}
 * @param driver e.g. {@code btrfs}, {@code zfs}, {@code dir}
 * @param status e.g. {@code Created}, or {@code Unavailable} when its storage is gone
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StoragePoolInfo(String name, String driver, String status) {
}
