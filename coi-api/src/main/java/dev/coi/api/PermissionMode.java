package dev.coi.api;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether the AI tool asks before it acts ({@code tool.permission_mode}, {@code --permission-mode}).
 *
 * @since 0.3.1
 */
public enum PermissionMode {
    /** The tool runs without asking: the container is the sandbox. The default. */
    BYPASS,
    /** The tool keeps its own approvals and asks as it would on the host. */
    INTERACTIVE;

    /**
     * The word in configuration and on the command line.
     *
     * @return {@code bypass} or {@code interactive}
     */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads the word in configuration and on the command line.
     *
     * @param word {@code bypass} or {@code interactive}
     * @return the mode; empty for any other word
     */
    public static Optional<PermissionMode> of(String word) {
        for (PermissionMode mode : values()) {
            if (mode.word().equals(word)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
