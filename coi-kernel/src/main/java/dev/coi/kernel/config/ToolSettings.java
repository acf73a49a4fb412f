package dev.coi.kernel.config;

import java.util.Optional;

/**
 * The {@code [tool]} settings.
 *
 * @param name   the AI coding tool to run, e.g. {@code claude}
 * @param binary the command that starts it, when not the tool's own
 */
public record ToolSettings(String name, Optional<String> binary) {

    /**
     * The tool {@code tool.name} names by default, and so the tool of a session container without a tool label
     * (made before coi labelled tools). The only place the kernel names a tool.
     */
    public static final String DEFAULT_NAME = "claude";
}
