package dev.coi.kernel.sessions.launch;

import java.util.Optional;

/**
 * What {@code coi shell} (or {@code coi} alone) was asked.
 *
 * @param launch the container flags
 * @param resume empty for a new session; {@code ""} for the newest saved session of the workspace; else its id
 * @param debug run bash instead of the AI tool
 * @param background start the session and return without attaching
 * @param tmux run the tool in tmux (detach with Ctrl-b d); false runs it directly on the terminal
 */
public record ShellRequest(LaunchRequest launch, Optional<String> resume, boolean debug, boolean background,
        boolean tmux) {
}
