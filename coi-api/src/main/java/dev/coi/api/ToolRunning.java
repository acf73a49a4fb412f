package dev.coi.api;

import java.util.Objects;

/**
 * The tool of a session about to run, or running already: {@link SessionLifecycle#toolRunning}.
 *
 * @param session the session in its container
 * @param joined whether the session ran before this coi started (the user attaches to it again), so that what
 *               counts from the session's start (its deadline) keeps counting from then
 * @since 0.2.0
 */
public record ToolRunning(SessionEvent session, boolean joined) {

    /**
     * Checks the components.
     *
     * @param session the session
     * @param joined whether it ran already
     */
    public ToolRunning {
        Objects.requireNonNull(session, "session");
    }
}
