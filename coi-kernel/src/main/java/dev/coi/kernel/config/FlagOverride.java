package dev.coi.kernel.config;

import java.util.Objects;

/**
 * A command-line flag that sets a config key, e.g. {@code --limit-memory=2GiB} for {@code limits.memory.limit}, or
 * {@code --monitor} for the monitor plugin's {@code monitoring.enabled}. Pass only flags the user actually gave: an
 * override always wins. The key is checked when the configuration is loaded, where the keys of the plugins' sections
 * are known.
 *
 * @param key   the dotted key
 * @param value the value as text, checked like the key's value in a file ({@code ""} clears optional keys)
 * @param flag  the flag as the user wrote it, e.g. {@code --limit-memory}; shown as the origin {@code flag --limit-memory}
 */
public record FlagOverride(String key, String value, String flag) {

    public FlagOverride {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(flag, "flag");
    }
}
