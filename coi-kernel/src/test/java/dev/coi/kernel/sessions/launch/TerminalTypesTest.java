package dev.coi.kernel.sessions.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TerminalTypesTest {

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
        "NULL, xterm-256color",
        "'', xterm-256color",
        "xterm-ghostty, xterm-256color",
        "wezterm, xterm-256color",
        "alacritty, xterm-256color",
        "kitty, xterm-256color",
        "xterm-kitty, xterm-kitty",
        "tmux-256color, xterm-256color",
        "screen-256color, xterm-256color",
        "screen, screen",
        "xterm-256color, xterm-256color",
        "linux, linux",
        "dumb, dumb"})
    void terminalsTheImageMayNotKnowBecomeXterm(String term, String expected) {
        assertEquals(expected, TerminalTypes.sanitize(term));
    }
}
