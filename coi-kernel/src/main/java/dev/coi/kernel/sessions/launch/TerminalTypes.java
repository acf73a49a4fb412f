package dev.coi.kernel.sessions.launch;

import java.util.List;

/**
 * The {@code TERM} a session gets. Terminals whose own terminfo entries the image lacks (ghostty, wezterm, kitty,
 * ...) are named {@code xterm-256color} instead, which they all understand, so that the tool does not draw garbage.
 */
public final class TerminalTypes {

    static final String FALLBACK = "xterm-256color";
    private static final List<String> UNKNOWN_IN_IMAGES = List.of("xterm-ghostty", "wezterm", "alacritty", "kitty",
            "tmux-256color", "screen-256color");

    private TerminalTypes() {
    }

    /**
     * @param term the host's {@code TERM}, or null when unset
     * @return what to set in the container
     */
    public static String sanitize(String term) {
        if (term == null || term.isBlank()) {
            return FALLBACK;
        }
        for (String prefix : UNKNOWN_IN_IMAGES) {
            if (term.startsWith(prefix)) {
                return FALLBACK;
            }
        }
        return term;
    }
}
