package dev.coi.api;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The configuration an extension owns: a TOML table such as {@code [hello]} and the keys in it. Users set them in
 * any config file or profile like the kernel's own keys; {@code coi config show} lists them with their values and
 * origins. The kernel reads and checks them, and hands the extension their values through
 * {@link Extension#configure}.
 *
 * @param name the table, lower-case words joined by dots such as {@code hello} or {@code net.example}; it must not
 *             be one of the kernel's sections or another extension's, else the kernel leaves the section out
 *             and warns
 * @param options the keys in it, each named once
 * @since 0.2.0
 */
public record ConfigSection(String name, List<ConfigOption<?>> options) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*(\\.[a-z0-9][a-z0-9_-]*)*");

    /**
     * Checks the name and that every key is named once.
     *
     * @param name the table
     * @param options its keys
     * @throws IllegalArgumentException when the name is not lower-case dotted words or a key is named twice
     */
    public ConfigSection {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("section name \"" + name + "\" is not lower-case words joined by dots");
        }
        options = List.copyOf(options);
        Set<String> names = new HashSet<>();
        for (ConfigOption<?> option : options) {
            if (!names.add(option.name())) {
                throw new IllegalArgumentException("section " + name + " names the key " + option.name() + " twice");
            }
        }
    }

    /**
     * A section of these keys.
     *
     * @param name the table
     * @param options its keys
     * @return the section
     */
    public static ConfigSection of(String name, ConfigOption<?>... options) {
        return new ConfigSection(name, List.of(options));
    }
}
