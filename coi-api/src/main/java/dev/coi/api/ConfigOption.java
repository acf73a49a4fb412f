package dev.coi.api;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One key of a {@link ConfigSection}: its name, the kind of value, the default, a line for {@code coi config show}
 * and the documentation, and what values are valid. The kernel reads the value from every config file, profile
 * and layer the way it reads its own keys, and rejects a bad one with the file, line, key, the value given and
 * {@link #expected()}, before any extension runs.
 *
 * <p>Options are immutable; {@link #checked} makes a stricter copy. Keep them as constants and read their values
 * with {@link ExtensionConfig#get}:
 * {@snippet :
 * static final ConfigOption<String> GREETING = ConfigOption.text("greeting", "hello", "what the tool says first")
 *         .checked("a greeting of at most 40 characters", text -> text.length() <= 40);
 * }
 *
 * @param <T> the Java type of the value: {@code String}, {@code Boolean}, {@code Long} or {@code List<String>}
 * @since 0.2.0
 */
public final class ConfigOption<T> {

    /**
     * The kinds of value an option holds, as written in TOML.
     *
     * @since 0.2.0
     */
    public enum Kind {
        /** A string, {@code String}. */
        TEXT,
        /** {@code true} or {@code false}, {@code Boolean}. */
        FLAG,
        /** A whole number, {@code Long}. */
        NUMBER,
        /** An array of strings, {@code List<String>}. */
        TEXTS
    }

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_]*");

    private final String name;
    private final Kind kind;
    private final T defaultValue;
    private final String description;
    private final String expected;
    private final Predicate<? super T> valid;

    private ConfigOption(String name, Kind kind, T defaultValue, String description, String expected,
            Predicate<? super T> valid) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("option name \"" + name + "\" is not lower-case letters, digits and _");
        }
        this.name = name;
        this.kind = kind;
        this.defaultValue = Objects.requireNonNull(defaultValue, "defaultValue");
        this.description = Objects.requireNonNull(description, "description");
        this.expected = Objects.requireNonNull(expected, "expected");
        this.valid = Objects.requireNonNull(valid, "valid");
        if (!valid.test(defaultValue)) {
            throw new IllegalArgumentException("the default of option " + name + " is not " + expected);
        }
    }

    /**
     * A string option.
     *
     * @param name the key within the section: lower-case letters, digits and {@code _}
     * @param defaultValue the value when no source sets one
     * @param description one line on what it does
     * @return the option
     */
    public static ConfigOption<String> text(String name, String defaultValue, String description) {
        return new ConfigOption<>(name, Kind.TEXT, defaultValue, description, "a string", value -> true);
    }

    /**
     * A {@code true}/{@code false} option.
     *
     * @param name the key within the section
     * @param defaultValue the value when no source sets one
     * @param description one line on what it does
     * @return the option
     */
    public static ConfigOption<Boolean> flag(String name, boolean defaultValue, String description) {
        return new ConfigOption<>(name, Kind.FLAG, defaultValue, description, "true or false", value -> true);
    }

    /**
     * A whole-number option.
     *
     * @param name the key within the section
     * @param defaultValue the value when no source sets one
     * @param description one line on what it does
     * @return the option
     */
    public static ConfigOption<Long> number(String name, long defaultValue, String description) {
        return new ConfigOption<>(name, Kind.NUMBER, defaultValue, description, "a whole number", value -> true);
    }

    /**
     * An option holding an array of strings; a later source replaces an earlier one's array whole.
     *
     * @param name the key within the section
     * @param defaultValue the value when no source sets one
     * @param description one line on what it does
     * @return the option
     */
    public static ConfigOption<List<String>> texts(String name, List<String> defaultValue, String description) {
        return new ConfigOption<>(name, Kind.TEXTS, List.copyOf(defaultValue), description, "an array of strings",
                value -> true);
    }

    /**
     * The same option, accepting only the values that this one and {@code valid} both accept.
     *
     * @param expected what a valid value looks like, with an example; it ends the user's error message
     *                 "got ..., expected ...", e.g. {@code one of "fast", "thorough"}
     * @param valid says whether a value of the right kind is valid
     * @return the stricter option
     * @throws IllegalArgumentException when the default is not valid
     */
    public ConfigOption<T> checked(String expected, Predicate<? super T> valid) {
        Predicate<? super T> before = this.valid;
        return new ConfigOption<>(name, kind, defaultValue, description, expected,
                value -> before.test(value) && valid.test(value));
    }

    /**
     * The key within its section.
     *
     * @return the key, e.g. {@code greeting} for {@code hello.greeting}
     */
    public String name() {
        return name;
    }

    /**
     * The kind of value the key takes.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The value when no config file, profile or flag sets one.
     *
     * @return the default
     */
    public T defaultValue() {
        return defaultValue;
    }

    /**
     * What the option does, as {@code coi config show} and the key reference describe it.
     *
     * @return one line
     */
    public String description() {
        return description;
    }

    /**
     * What a valid value looks like, as the end of the error a bad value gets.
     *
     * @return for example {@code a string}
     */
    public String expected() {
        return expected;
    }

    /**
     * Whether a value of this option's kind is valid.
     *
     * @param value a value of the option's kind
     * @return whether the checks accept it
     */
    public boolean accepts(T value) {
        return valid.test(value);
    }

    @Override
    public String toString() {
        return name;
    }
}
