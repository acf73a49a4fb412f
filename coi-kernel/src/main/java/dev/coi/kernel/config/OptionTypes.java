package dev.coi.kernel.config;

import dev.coi.api.ConfigOption;
import java.util.function.Function;

/** The value type of a key an extension declares: its kind read as the kernel reads its own keys, then its checks. */
final class OptionTypes {

    private OptionTypes() {
    }

    // Safe: each kind's type reads the Java type ConfigOption documents for it.
    @SuppressWarnings("unchecked")
    static <T> ValueType<T> of(ConfigOption<T> option) {
        String expected = option.expected();
        ValueType<?> kind = switch (option.kind()) {
            case TEXT -> ValueTypes.textual(expected, (text, context) -> text, Function.identity());
            case FLAG -> ValueTypes.bool();
            case NUMBER -> number(expected);
            case TEXTS -> ValueTypes.listOf(ValueTypes.textual(expected, (text, context) -> text, Function.identity()),
                    expected);
        };
        return checked((ValueType<T>) kind, option);
    }

    private static ValueType<Long> number(String expected) {
        return new ValueType<>() {
            @Override
            public Long fromToml(Object raw, ValueContext context) throws InvalidValueException {
                if (!(raw instanceof Long value)) {
                    throw InvalidValueException.of(raw, expected);
                }
                return value;
            }

            @Override
            public Long fromText(String text, ValueContext context) throws InvalidValueException {
                try {
                    return Long.parseLong(text.trim());
                } catch (NumberFormatException e) {
                    throw InvalidValueException.of(text, expected);
                }
            }

            @Override
            public String expected() {
                return expected;
            }
        };
    }

    /** The kind's type, rejecting what the option's checks reject with the option's own words for what it expects. */
    private static <T> ValueType<T> checked(ValueType<T> kind, ConfigOption<T> option) {
        return new ValueType<>() {
            @Override
            public T fromToml(Object raw, ValueContext context) throws InvalidValueException {
                return accepted(kind.fromToml(raw, context), raw);
            }

            @Override
            public T fromText(String text, ValueContext context) throws InvalidValueException {
                return accepted(kind.fromText(text, context), text);
            }

            private T accepted(T value, Object given) throws InvalidValueException {
                boolean valid;
                try {
                    valid = option.accepts(value);
                } catch (RuntimeException e) {
                    // an extension's check that fails is its own defect; the value is not accepted all the same
                    valid = false;
                }
                if (!valid) {
                    throw InvalidValueException.of(given, option.expected());
                }
                return value;
            }

            @Override
            public String expected() {
                return option.expected();
            }

            @Override
            public Object display(T value) {
                return kind.display(value);
            }
        };
    }
}
