package dev.coi.kernel.config;

/**
 * How one kind of configuration value is read, checked and shown.
 *
 * @param <T> the Java type the kernel uses
 */
interface ValueType<T> {

    /**
     * Reads a value written in TOML.
     *
     * @param raw a String, Long, Double, Boolean, TomlArray, TomlTable or date/time as tomlj returns it
     */
    T fromToml(Object raw, ValueContext context) throws InvalidValueException;

    /** Reads a value given as text: an environment variable or a command-line flag. */
    T fromText(String text, ValueContext context) throws InvalidValueException;

    /** What a valid value looks like, with an example; ends the "expected ..." part of error messages. */
    String expected();

    /** The value as plain JSON-friendly data: String, Boolean, Number, List, Map or null. */
    default Object display(T value) {
        return value;
    }

    /** Whether a later layer adds to the value instead of replacing it. */
    default boolean appends() {
        return false;
    }
}
