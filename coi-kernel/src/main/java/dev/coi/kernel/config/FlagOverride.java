package dev.coi.kernel.config;

import java.util.Objects;

/**
 * A command-line flag that sets a config key, e.g. {@code --limit-memory=2GiB} for {@code limits.memory.limit}.
 * Pass only flags the user actually gave: an override always wins.
 *
 * @param key   the dotted key
 * @param value the value as text, checked like the key's value in a file ({@code ""} clears optional keys)
 * @param flag  the flag as the user wrote it, e.g. {@code --limit-memory}; shown as the origin {@code flag --limit-memory}
 */
public record FlagOverride(String key, String value, String flag) {

    /**
     * Checks that the key exists.
     *
     * @throws IllegalArgumentException when it is not a config key (a mistake in the CLI, not the user's)
     */
    public FlagOverride {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(flag, "flag");
        if (ConfigSchema.find(key) == null) {
            throw new IllegalArgumentException("no config key " + key + " for flag " + flag);
        }
    }
}
