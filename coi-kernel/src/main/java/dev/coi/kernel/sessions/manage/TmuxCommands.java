package dev.coi.kernel.sessions.manage;

import dev.coi.kernel.sessions.ContainerNames;
import java.time.Duration;
import java.util.List;

/**
 * The tmux command lines coi runs in a session container, given the container's name. Its tmux session is named
 * {@code coi-} and the container's name ({@link ContainerNames#tmuxSession}); targets are written {@code =NAME:} so that tmux matches the
 * name exactly ({@code coi-coi-…-1} would otherwise also find {@code coi-coi-…-10} when slot 1 has no session).
 */
final class TmuxCommands {

    private TmuxCommands() {
    }

    static List<String> hasSession(String container) {
        return List.of("tmux", "has-session", "-t", "=" + ContainerNames.tmuxSession(container));
    }

    /** Types the text as it is: {@code -l} keeps tmux from reading words like {@code Enter} or {@code C-c} as keys. */
    static List<String> typeLiterally(String container, String text) {
        return List.of("tmux", "send-keys", "-t", pane(container), "-l", "--", text);
    }

    static List<String> pressEnter(String container) {
        return List.of("tmux", "send-keys", "-t", pane(container), "Enter");
    }

    static List<String> attach(String container) {
        return List.of("tmux", "attach-session", "-t", "=" + ContainerNames.tmuxSession(container));
    }

    static List<String> capture(String container) {
        return List.of("tmux", "capture-pane", "-p", "-t", pane(container));
    }

    /**
     * Keeps a mark at the right of the session's status line and shows a message over the line for a while, in one
     * tmux call (an argument {@code ;} separates its commands). {@code #} is doubled: tmux reads both texts as
     * formats, in which {@code #(...)} would run a command.
     */
    static List<String> alert(String container, String message, String mark, Duration shown) {
        return List.of("tmux", "set-option", "-t", pane(container), "status-right",
                mark.replace("#", "##"), ";", "display-message", "-d", Long.toString(shown.toMillis()), "-t",
                pane(container), message.replace("#", "##"));
    }

    private static String pane(String container) {
        return "=" + ContainerNames.tmuxSession(container) + ":";
    }
}
