package dev.coi.kernel.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coi.kernel.sessions.launch.StartBanner;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The lines {@code coi shell} prints before it attaches (reference-behaviour.md §5 step 12), which harnesses wait
 * for; their stream and moment are pinned by {@code SessionStartCompatIT}.
 */
class SessionStartCompatTest {

    private static final String ID = "0b6a7a4e-5f0e-4c36-9d7a-3e1f2a4b5c6d";

    @Test
    void interactiveStartPrintsABlankLineThenStartingSessionThenIdContainerWorkspaceAndMode() {
        assertEquals(List.of("", "Starting session...", "Session ID: " + ID, "Container: coi-1a2b3c4d-1",
                        "Workspace: /home/me/project", "Mode: Interactive (tmux)"),
                new StartBanner(ID, "coi-1a2b3c4d-1", Path.of("/home/me/project"), StartBanner.Mode.INTERACTIVE)
                        .head());
    }

    @Test
    void backgroundAndDirectStartsNameTheirModeInTheReferenceWords() {
        assertEquals("Mode: Background (tmux)", new StartBanner(ID, "c", Path.of("/w"), StartBanner.Mode.BACKGROUND)
                .head().getLast());
        assertEquals("Mode: Direct (no tmux)", new StartBanner(ID, "c", Path.of("/w"), StartBanner.Mode.DIRECT)
                .head().getLast());
    }

    @Test
    void resumeModeLineSaysPersistentSessionOrRestoredConversationAndIsAbsentWithoutResume() {
        assertEquals(Optional.of("Resume mode: Persistent session"), StartBanner.resumeMode(true, true));
        assertEquals(Optional.of("Resume mode: Restored conversation (auto-detect)"),
                StartBanner.resumeMode(true, false));
        assertEquals(Optional.empty(), StartBanner.resumeMode(false, true));
    }
}
