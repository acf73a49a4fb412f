package dev.coi.kernel.sessions.manage;

import java.util.List;

/**
 * The tmux command lines coi runs in a session container. A session's tmux session is named after its
 * container; targets are written {@code =NAME:} so that tmux matches the name exactly ({@code coi-…-1} would
 * otherwise also find {@code coi-…-10} when slot 1 has no session).
 */
final class TmuxCommands {

    private TmuxCommands() {
    }

    static List<String> hasSession(String session) {
        return List.of("tmux", "has-session", "-t", "=" + session);
    }

    /** Types the text as it is: {@code -l} keeps tmux from reading words like {@code Enter} or {@code C-c} as keys. */
    static List<String> typeLiterally(String session, String text) {
        return List.of("tmux", "send-keys", "-t", pane(session), "-l", "--", text);
    }

    static List<String> pressEnter(String session) {
        return List.of("tmux", "send-keys", "-t", pane(session), "Enter");
    }

    static List<String> attach(String session) {
        return List.of("tmux", "attach-session", "-t", "=" + session);
    }

    static List<String> capture(String session) {
        return List.of("tmux", "capture-pane", "-p", "-t", pane(session));
    }

    private static String pane(String session) {
        return "=" + session + ":";
    }
}
