package dev.coi.kernel.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/** The general value types of the schema; the resource-limit formats are in {@link LimitTypes}. */
final class ValueTypes {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** A name, or a wildcard {@code *.domain} for every name below the domain. */
    private static final Pattern DOMAIN = Pattern.compile("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
    /** The shape of an IPv4 network, or of an IPv6 address or network; the network layer checks them closely. */
    private static final Pattern NETWORK = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}"
            + "|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(/\\d{1,3})?");

    private ValueTypes() {
    }

    /** Parses the text form of a value; used for TOML strings as well as env and flag values. */
    @FunctionalInterface
    interface TextParser<T> {
        T parse(String text, ValueContext context) throws InvalidValueException;
    }

    /** A type written as a TOML string, with {@code display} turning the value back into that text. */
    static <T> ValueType<T> textual(String expected, TextParser<T> parser, Function<? super T, ?> display) {
        return new ValueType<>() {
            @Override
            public T fromToml(Object raw, ValueContext context) throws InvalidValueException {
                if (!(raw instanceof String text)) {
                    throw InvalidValueException.of(raw, expected);
                }
                return fromText(text, context);
            }

            @Override
            public T fromText(String text, ValueContext context) throws InvalidValueException {
                return parser.parse(text, context);
            }

            @Override
            public String expected() {
                return expected;
            }

            @Override
            public Object display(T value) {
                return display.apply(value);
            }
        };
    }

    /** Lets a textual type accept other TOML types too, converted to its text first (e.g. {@code count = 2}). */
    static <T> ValueType<T> alsoFromToml(ValueType<T> type, UnaryOperator<Object> toText) {
        return new ValueType<>() {
            @Override
            public T fromToml(Object raw, ValueContext context) throws InvalidValueException {
                return type.fromToml(toText.apply(raw), context);
            }

            @Override
            public T fromText(String text, ValueContext context) throws InvalidValueException {
                return type.fromText(text, context);
            }

            @Override
            public String expected() {
                return type.expected();
            }

            @Override
            public Object display(T value) {
                return type.display(value);
            }
        };
    }

    /** A non-empty string. */
    static ValueType<String> text(String expected) {
        return matching(expected, "(?s).*\\S.*");
    }

    /** A string matching a regular expression. */
    static ValueType<String> matching(String expected, String regex) {
        Pattern pattern = Pattern.compile(regex);
        return textual(expected, (text, context) -> {
            if (!pattern.matcher(text).matches()) {
                throw InvalidValueException.of(text, expected);
            }
            return text;
        }, Function.identity());
    }

    /** An absolute path, {@code ~/...}, or a path relative to where it was written. */
    static ValueType<Path> path() {
        String expected = "a path like \"~/.coi/logs\" or \"/var/lib/coi\"";
        return textual(expected, (text, context) -> {
            if (text.isBlank()) {
                throw InvalidValueException.of(text, expected);
            }
            return context.resolvePath(text);
        }, Path::toString);
    }

    /** Paths as a TOML array of strings, each as {@link #path()} reads it; as text (env, flags) separated by commas. */
    static ValueType<List<Path>> paths() {
        return listOf(path(), "an array of paths like [\"~/certs/proxy.crt\"]");
    }

    /**
     * A TOML array whose elements each read as {@code element} does, an error naming the element's index; as text
     * (env, flags) the elements are separated by commas.
     */
    static <E> ValueType<List<E>> listOf(ValueType<E> element, String expected) {
        return new ValueType<>() {
            @Override
            public List<E> fromToml(Object raw, ValueContext context) throws InvalidValueException {
                if (!(raw instanceof TomlArray array)) {
                    throw InvalidValueException.of(raw, expected);
                }
                List<E> values = new ArrayList<>();
                for (int i = 0; i < array.size(); i++) {
                    try {
                        values.add(element.fromToml(array.get(i), context));
                    } catch (InvalidValueException e) {
                        throw InvalidValueException.nested("[" + i + "]", array.inputPositionOf(i), e);
                    }
                }
                return List.copyOf(values);
            }

            @Override
            public List<E> fromText(String text, ValueContext context) throws InvalidValueException {
                List<E> values = new ArrayList<>();
                for (String part : text.split(",")) {
                    if (!part.isBlank()) {
                        values.add(element.fromText(part.trim(), context));
                    }
                }
                return List.copyOf(values);
            }

            @Override
            public String expected() {
                return expected;
            }

            @Override
            public Object display(List<E> value) {
                return value.stream().map(element::display).toList();
            }
        };
    }

    /** Makes {@code ""} mean "not set", so a later file can clear what an earlier one set. */
    static <T> ValueType<T> optional(ValueType<T> type) {
        return new ValueType<>() {
            @Override
            public T fromToml(Object raw, ValueContext context) throws InvalidValueException {
                try {
                    return "".equals(raw) ? null : type.fromToml(raw, context);
                } catch (InvalidValueException e) {
                    throw e.expecting(expected());
                }
            }

            @Override
            public T fromText(String text, ValueContext context) throws InvalidValueException {
                try {
                    return text.isEmpty() ? null : type.fromText(text, context);
                } catch (InvalidValueException e) {
                    throw e.expecting(expected());
                }
            }

            @Override
            public String expected() {
                return type.expected() + ", or \"\" for none";
            }

            @Override
            public Object display(T value) {
                return value == null ? null : type.display(value);
            }
        };
    }

    static ValueType<Boolean> bool() {
        return new ValueType<>() {
            @Override
            public Boolean fromToml(Object raw, ValueContext context) throws InvalidValueException {
                if (!(raw instanceof Boolean value)) {
                    throw InvalidValueException.of(raw, expected());
                }
                return value;
            }

            @Override
            public Boolean fromText(String text, ValueContext context) throws InvalidValueException {
                return switch (text.trim().toLowerCase(Locale.ROOT)) {
                    case "true", "1" -> true;
                    case "false", "0" -> false;
                    default -> throw InvalidValueException.of(text, "true or false (or 1 or 0)");
                };
            }

            @Override
            public String expected() {
                return "true or false";
            }
        };
    }

    /** A whole number from {@code min} to {@code max}; {@code expected} says what it means, e.g. "0 = unlimited". */
    static ValueType<Integer> integer(int min, int max, String expected) {
        return new ValueType<>() {
            @Override
            public Integer fromToml(Object raw, ValueContext context) throws InvalidValueException {
                if (!(raw instanceof Long value)) {
                    throw InvalidValueException.of(raw, expected);
                }
                return checked(value, raw);
            }

            @Override
            public Integer fromText(String text, ValueContext context) throws InvalidValueException {
                try {
                    return checked(Long.parseLong(text.trim()), text);
                } catch (NumberFormatException e) {
                    throw InvalidValueException.of(text, expected);
                }
            }

            private Integer checked(long value, Object given) throws InvalidValueException {
                if (value < min || value > max) {
                    throw InvalidValueException.of(given, expected);
                }
                return (int) value;
            }

            @Override
            public String expected() {
                return expected;
            }
        };
    }

    /** One of the constants of an enum, written in lower case. */
    static <E extends Enum<E>> ValueType<E> choice(E[] values) {
        String expected = "one of " + Arrays.stream(values).map(v -> "\"" + configName(v) + "\"")
                .collect(Collectors.joining(", "));
        return textual(expected, (text, context) -> {
            for (E value : values) {
                if (configName(value).equals(text)) {
                    return value;
                }
            }
            throw InvalidValueException.of(text, expected);
        }, ValueTypes::configName);
    }

    private static String configName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** Domain names, IPv4 or IPv6 addresses or networks; as text (env, flags) they are separated by commas. */
    static ValueType<List<String>> domains() {
        String domain = "a domain name like \"example.com\", a wildcard like \"*.example.com\" (the names below it),"
                + " an IPv4 or IPv6 address like \"8.8.8.8\" or \"2001:db8::1\", or a network like \"2001:db8::/32\""
                + " (no scheme, port or path)";
        return listOf(textual(domain, (text, context) -> {
            if (!isDomain(text)) {
                throw InvalidValueException.of(text, domain);
            }
            return text;
        }, Function.identity()), "an array of domain names, wildcards, IPv4 or IPv6 addresses or networks"
                + " like [\"example.com\", \"*.example.com\", \"8.8.8.8\", \"2001:db8::/32\"]");
    }

    /** Whether the text is a domain name, an IP address or a network as {@code network.allowed_domains} takes them. */
    static boolean isDomain(String text) {
        return DOMAIN.matcher(text).matches() || NETWORK.matcher(text).matches();
    }

    /** One of these strings. */
    static ValueType<String> oneOf(List<String> values) {
        String expected = "one of " + values.stream().map(value -> "\"" + value + "\"").collect(Collectors.joining(", "));
        return textual(expected, (text, context) -> {
            if (!values.contains(text)) {
                throw InvalidValueException.of(text, expected);
            }
            return text;
        }, Function.identity());
    }

    /** Names of environment variables; as text (env, flags) they are separated by commas. */
    static ValueType<List<String>> environmentNames() {
        String name = "a variable name of letters, digits and _ like \"MY_API_KEY\"";
        return listOf(textual(name, (text, context) -> {
            if (!ENV_NAME.matcher(text).matches()) {
                throw InvalidValueException.of(text, name);
            }
            return text;
        }, Function.identity()), "an array of variable names like [\"MY_API_KEY\"]");
    }

    /** Environment variables for the AI tool: a table of names to string values. */
    static ValueType<Map<String, String>> environment() {
        String expected = "a table of strings like { RUST_BACKTRACE = \"1\" }";
        return new ValueType<>() {
            @Override
            public Map<String, String> fromToml(Object raw, ValueContext context) throws InvalidValueException {
                if (!(raw instanceof TomlTable table)) {
                    throw InvalidValueException.of(raw, expected);
                }
                Map<String, String> variables = new LinkedHashMap<>();
                for (String name : TomlTables.keysInOrder(table)) {
                    Object value = table.get(List.of(name));
                    if (!ENV_NAME.matcher(name).matches()) {
                        throw InvalidValueException.nested("." + name, table.inputPositionOf(List.of(name)),
                                InvalidValueException.of(name, "a variable name of letters, digits and _"));
                    }
                    if (!(value instanceof String text)) {
                        throw InvalidValueException.nested("." + name, table.inputPositionOf(List.of(name)),
                                InvalidValueException.of(value, "a string like \"1\""));
                    }
                    variables.put(name, text);
                }
                return Collections.unmodifiableMap(variables);
            }

            @Override
            public Map<String, String> fromText(String text, ValueContext context) throws InvalidValueException {
                throw InvalidValueException.of(text, expected, "only a config file can set it");
            }

            @Override
            public String expected() {
                return expected;
            }
        };
    }
}
