package dev.coi.kernel.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.tomlj.Toml;

/** Renders the effective configuration for {@code coi config show}. */
public final class ConfigRenderer {

    private static final int MAX_COMMENT_COLUMN = 56;

    private ConfigRenderer() {
    }

    /** A line of TOML and the origin to comment it with, if any. */
    private record Line(String text, String origin) {

        static Line of(String text) {
            return new Line(text, null);
        }
    }

    /**
     * The configuration as a TOML document that coi reads back unchanged; unset keys are written as {@code ""}.
     *
     * @param config      the configuration
     * @param withOrigins add {@code # origin} comments
     * @return the text, ending with a newline
     */
    public static String toToml(CoiConfig config, boolean withOrigins) {
        List<Line> lines = new ArrayList<>();
        String section = "";
        for (ConfigEntry entry : config.entries()) {
            String key = entry.key();
            if (entry.value() instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map) {
                lines.add(Line.of(""));
                if (withOrigins) {
                    lines.add(Line.of("# " + key + " from: " + entry.origin()));
                }
                for (Object table : list) {
                    lines.add(Line.of("[[" + key + "]]"));
                    ((Map<?, ?>) table).forEach((name, value) -> lines.add(Line.of(name + " = " + tomlValue(value))));
                }
                section = key;
                continue;
            }
            int dot = key.lastIndexOf('.');
            if (!key.substring(0, dot).equals(section)) {
                section = key.substring(0, dot);
                lines.add(Line.of(""));
                lines.add(Line.of("[" + section + "]"));
            }
            lines.add(new Line(key.substring(dot + 1) + " = " + tomlValue(entry.value()), entry.origin()));
        }
        return layOut(lines.subList(1, lines.size()), withOrigins);
    }

    private static String layOut(List<Line> lines, boolean withOrigins) {
        int column = lines.stream().filter(line -> line.origin() != null).mapToInt(line -> line.text().length())
                .filter(length -> length < MAX_COMMENT_COLUMN).max().orElse(0) + 2;
        StringBuilder text = new StringBuilder();
        for (Line line : lines) {
            text.append(line.text());
            if (withOrigins && line.origin() != null) {
                text.append(" ".repeat(Math.max(2, column - line.text().length()))).append("# ").append(line.origin());
            }
            text.append('\n');
        }
        return text.toString();
    }

    static String tomlValue(Object value) {
        if (value == null) {
            return "\"\"";
        }
        if (value instanceof String text) {
            return "\"" + Toml.tomlEscape(text) + "\"";
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ConfigRenderer::tomlValue).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            return map.isEmpty() ? "{}" : map.entrySet().stream()
                    .map(e -> e.getKey() + " = " + tomlValue(e.getValue()))
                    .collect(Collectors.joining(", ", "{ ", " }"));
        }
        return value.toString();
    }

    /**
     * The configuration as JSON: one object whose members are the dotted keys in schema order, each
     * {@code {"value": ..., "origin": "..."}}. Unset values are {@code null}; durations and sizes are strings as
     * written in TOML; mounts are an array of {@code {"host", "container"}} objects.
     *
     * @param config the configuration
     * @return the JSON document as maps, in schema order
     */
    public static Map<String, Map<String, Object>> toJson(CoiConfig config) {
        Map<String, Map<String, Object>> document = new LinkedHashMap<>();
        for (ConfigEntry entry : config.entries()) {
            Map<String, Object> member = new LinkedHashMap<>();
            member.put("value", entry.value());
            member.put("origin", entry.origin());
            document.put(entry.key(), member);
        }
        return document;
    }
}
