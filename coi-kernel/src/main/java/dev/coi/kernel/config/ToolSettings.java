package dev.coi.kernel.config;

import java.util.Optional;

/**
 * The {@code [tool]} settings.
 *
 * @param name   the AI coding tool to run, e.g. {@code claude}
 * @param binary the command that starts it, when not the tool's own
 */
public record ToolSettings(String name, Optional<String> binary) {
}
