package dev.coi.kernel.plugin;

import java.time.Instant;

/**
 * One installed plugin as {@code plugins.lock} records it.
 *
 * @param id the plugin id
 * @param version the plugin version
 * @param requires the coi-api versions it declared
 * @param sha256 the digest of its jar, checked again at every start
 * @param source the path or https URL it was installed from
 * @param file the jar's name in the plugin folder
 * @param enabled whether coi loads it
 * @param installedAt when it was installed
 */
public record LockedPlugin(String id, String version, String requires, String sha256, String source, String file,
                           boolean enabled, Instant installedAt) {

    LockedPlugin withEnabled(boolean on) {
        return new LockedPlugin(id, version, requires, sha256, source, file, on, installedAt);
    }
}
