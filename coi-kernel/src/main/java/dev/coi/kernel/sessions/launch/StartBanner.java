package dev.coi.kernel.sessions.launch;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code coi shell} prints on standard error once the container is ready and before the tool starts and the
 * terminal attaches: the reference tool's lines in its order, because test harnesses and scripts wait for
 * {@code Starting session...} and read the session id and container name from the lines after it.
 *
 * @param sessionId the session's id
 * @param container the session's container
 * @param workspace the workspace folder on the host
 * @param mode how the tool runs
 */
public record StartBanner(String sessionId, String container, Path workspace, Mode mode) {

    /** How the tool runs, in the reference's words. */
    public enum Mode {
        INTERACTIVE("Interactive (tmux)"),
        BACKGROUND("Background (tmux)"),
        DIRECT("Direct (no tmux)");

        private final String words;

        Mode(String words) {
            this.words = words;
        }
    }

    /** The lines up to the mode, starting with a blank one. */
    public List<String> head() {
        return List.of("", "Starting session...", "Session ID: " + sessionId, "Container: " + container,
                "Workspace: " + workspace, "Mode: " + mode.words);
    }

    /**
     * The line that says how a resumed session continues: in its kept container, or with its conversation put
     * back into a new one.
     */
    public static Optional<String> resumeMode(boolean resumed, boolean persistent) {
        if (!resumed) {
            return Optional.empty();
        }
        return Optional.of("Resume mode: "
                + (persistent ? "Persistent session" : "Restored conversation (auto-detect)"));
    }
}
