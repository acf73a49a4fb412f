package dev.coi.kernel.cli;

import dev.coi.kernel.base.CoiException;
import java.util.Locale;

/** Parses {@code --format} values with the error message every command shares. */
final class Formats {

    enum TextOrJson { TEXT, JSON }

    private Formats() {
    }

    static TextOrJson textOrJson(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "text", "table" -> TextOrJson.TEXT;
            case "json" -> TextOrJson.JSON;
            default -> throw CoiException.usage("invalid format '" + value + "': must be 'text' or 'json'");
        };
    }
}
