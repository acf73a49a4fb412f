package dev.coi.kernel.watch;

/** Tells whoever looks at a session, in the session itself (its status line), what the monitor found. */
@FunctionalInterface
public interface SessionAlert {

    /**
     * @param container the session's container
     * @param message shown for a while
     * @param mark kept in view after it
     * @return whether it could be shown: not in a session without tmux
     */
    boolean show(String container, String message, String mark);
}
