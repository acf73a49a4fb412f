package dev.coi.kernel.config;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * One configuration key of the schema.
 *
 * @param name         the dotted key as written in TOML, e.g. {@code network.mode}
 * @param type         how values are read, checked and shown
 * @param defaultValue the built-in default for a home directory; it returns null when the key is unset by
 *                     default
 * @param envVariable  the environment variable that overrides it, or null
 * @param description  one line for {@code config show} and documentation
 * @param <T>          the Java type of the value
 */
record ConfigKey<T>(String name, ValueType<T> type, Function<Path, T> defaultValue, String envVariable,
        String description) {

    /** The section the key lives in, e.g. {@code network.logging} for {@code network.logging.enabled}. */
    String section() {
        return name.substring(0, name.lastIndexOf('.'));
    }

    /** The last part of the key, e.g. {@code enabled}. */
    String leaf() {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /**
     * A key is its name: the schema of one load may give a key another type (host.environment accepts what the host
     * environment extensions add), and its values must still be found under the kernel's constant.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof ConfigKey<?> key && key.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }
}
