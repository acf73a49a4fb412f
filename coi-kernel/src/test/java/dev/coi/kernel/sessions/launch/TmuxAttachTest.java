package dev.coi.kernel.sessions.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.ExecOptions;
import dev.coi.kernel.sessions.LostChildRetry;
import dev.coi.kernel.sessions.RecordingProgress;
import dev.coi.kernel.sessions.ScriptedAttach;
import dev.coi.kernel.sessions.TerminalAttach;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TmuxAttachTest {

    private static final TerminalAttach.Request REQUEST = new TerminalAttach.Request("coi-0a1b2c3d-1",
            List.of("tmux", "attach-session"), new ExecOptions(1000, 1000, "/workspace", Map.of()), true);
    private static final TerminalAttach.Ended LOST = new TerminalAttach.Ended(1, true);

    private final RecordingProgress progress = new RecordingProgress();
    private final ScriptedAttach attach = new ScriptedAttach();

    @Test
    void anAttachIncusLostWhileTheSessionRunsIsTriedAgainQuietly() throws Exception {
        try (SessionGuard guard = new SessionGuard(() -> { })) {
            attach(guard, true, LOST, new TerminalAttach.Ended(0, false));
        }

        assertEquals(2, attach.starts());
        assertEquals(List.of(), progress.warnings);
        assertEquals(List.of(), attach.shownErrors());
    }

    @Test
    void aDetachOrAnotherFailureIsNotTriedAgain() throws Exception {
        try (SessionGuard guard = new SessionGuard(() -> { })) {
            attach(guard, true, new TerminalAttach.Ended(0, false));
            attach(guard, true, new TerminalAttach.Ended(255, false));
        }

        assertEquals(2, attach.starts());
    }

    @Test
    void givesUpAfterItsTriesAndSaysHowToComeBack() throws Exception {
        try (SessionGuard guard = new SessionGuard(() -> { })) {
            attach(guard, true, LOST, LOST, LOST, LOST, LOST);
        }

        assertEquals(LostChildRetry.TRIES, attach.starts());
        assertEquals(1, progress.warnings.size());
        assertTrue(progress.warnings.get(0).contains("try again with 'coi attach coi-0a1b2c3d-1'"),
                progress.warnings::toString);
    }

    @Test
    void notWhenTheSessionEndedOrCoiIsBeingStopped() throws Exception {
        try (SessionGuard guard = new SessionGuard(() -> { })) {
            attach(guard, false, LOST, LOST);
        }
        try (SessionGuard stopped = new SessionGuard(() -> { })) {
            stopped.onShutdown();
            attach(stopped, true, LOST, LOST);
        }

        assertEquals(2, attach.starts());
        assertEquals(List.of(), progress.warnings);
        assertEquals(List.of(1, 2), attach.shownErrors(), "Incus's own message is shown when nothing follows it");
    }

    private void attach(SessionGuard guard, boolean sessionRuns, TerminalAttach.Ended... endings)
            throws InterruptedException {
        new TmuxAttach(attach.then(endings), () -> sessionRuns, guard, progress).run(REQUEST);
    }
}
