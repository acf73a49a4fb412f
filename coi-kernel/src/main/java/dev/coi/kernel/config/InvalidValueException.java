package dev.coi.kernel.config;

import org.tomlj.TomlPosition;

/**
 * A value that its key's type rejects. The reader turns it into a {@link ConfigProblem} that names where the value
 * came from, so types only say what is wrong with the value itself.
 */
final class InvalidValueException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String keySuffix;
    private final transient Object given;
    private final String expected;
    private final String reason;
    private final transient TomlPosition position;

    private InvalidValueException(String keySuffix, Object given, String expected, String reason,
            TomlPosition position) {
        // A rejected value is an expected outcome, reported without a stack trace; skip filling one in.
        super(null, null, false, false);
        this.keySuffix = keySuffix;
        this.given = given;
        this.expected = expected;
        this.reason = reason;
        this.position = position;
    }

    static InvalidValueException of(Object given, String expected) {
        return new InvalidValueException("", given, expected, null, null);
    }

    static InvalidValueException of(Object given, String expected, String reason) {
        return new InvalidValueException("", given, expected, reason, null);
    }

    /** For a value nested in an array or table: the part of the key below the schema key, e.g. {@code [1].host}. */
    static InvalidValueException nested(String keySuffix, TomlPosition position, InvalidValueException cause) {
        return new InvalidValueException(keySuffix + cause.keySuffix, cause.given, cause.expected, cause.reason,
                cause.position != null ? cause.position : position);
    }

    /** The same problem with a wider description of what is expected. */
    InvalidValueException expecting(String wider) {
        return new InvalidValueException(keySuffix, given, wider, reason, position);
    }

    String keySuffix() {
        return keySuffix;
    }

    TomlPosition position() {
        return position;
    }

    /** The message after the key, e.g. {@code got "closed", expected one of "restricted", "open", "allowlist"}. */
    String describe() {
        String text = "got " + GivenValue.describe(given) + ", expected " + expected;
        return reason == null ? text : text + " (" + reason + ")";
    }

    @Override
    public String getMessage() {
        return describe();
    }
}
