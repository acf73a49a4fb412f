package dev.coi.kernel.sessions.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coi.api.ExecOptions;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.sessions.SessionContainer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tmux command lines of {@code coi tmux} and {@code coi attach}. The real tmux is exercised by the end-to-end
 * tests with the coi image; the busybox test image has no tmux.
 */
class TmuxCommandsTest {

    @Test
    void targetsMatchTheSessionOfTheContainerExactly() {
        assertEquals(List.of("tmux", "has-session", "-t", "=coi-coi-9dad1e4e-1"),
                TmuxCommands.hasSession("coi-9dad1e4e-1"));
        assertEquals(List.of("tmux", "attach-session", "-t", "=coi-coi-9dad1e4e-1"),
                TmuxCommands.attach("coi-9dad1e4e-1"));
        assertEquals(List.of("tmux", "capture-pane", "-p", "-t", "=coi-coi-9dad1e4e-1:"),
                TmuxCommands.capture("coi-9dad1e4e-1"));
    }

    @Test
    void textIsTypedLiterallyThenEnterIsPressed() {
        assertEquals(List.of("tmux", "send-keys", "-t", "=coi-coi-9dad1e4e-1:", "-l", "--", "-n Enter \"$HOME\""),
                TmuxCommands.typeLiterally("coi-9dad1e4e-1", "-n Enter \"$HOME\""));
        assertEquals(List.of("tmux", "send-keys", "-t", "=coi-coi-9dad1e4e-1:", "Enter"),
                TmuxCommands.pressEnter("coi-9dad1e4e-1"));
    }

    @Test
    void anAlertSetsTheStatusMarkAndShowsTheMessageInOneCallWithoutRunningWhatTheTextHolds() {
        // the message quotes the agent's command line: #(...) in a tmux format would run it
        assertEquals(List.of("tmux", "set-option", "-t", "=coi-coi-9dad1e4e-1:", "status-right",
                "coi monitor: warning", ";", "display-message", "-d", "20000", "-t", "=coi-coi-9dad1e4e-1:",
                "root through sudo: sudo echo ##(id) ##{pane_pid}"),
                TmuxCommands.alert("coi-9dad1e4e-1", "root through sudo: sudo echo #(id) #{pane_pid}",
                        "coi monitor: warning", Duration.ofSeconds(20)));
    }

    @Test
    void tmuxRunsAsTheLabelledUserWithItsHome() {
        assertEquals(new ExecOptions(1000, 1000, "/home/code", Map.of("HOME", "/home/code")),
                SessionTmux.options(container(Map.of("user.coi.session", "s1"))));
        assertEquals(new ExecOptions(0, 0, "/root", Map.of("HOME", "/root")),
                SessionTmux.options(container(Map.of("user.coi.session", "s1", "user.coi.uid", "0",
                        "user.coi.home", "/root"))));
    }

    static SessionContainer container(Map<String, String> config) {
        return SessionContainer.of(new Instance("coi-9dad1e4e-1", "container", "Running", false, config, Map.of(),
                Map.of(), Map.of(), List.of(), Instant.EPOCH, null, null));
    }
}
