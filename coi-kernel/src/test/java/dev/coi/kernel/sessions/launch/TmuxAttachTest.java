package dev.coi.kernel.sessions.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.ExecOptions;
import dev.coi.kernel.sessions.RecordingProgress;
import dev.coi.kernel.sessions.TerminalAttach;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TmuxAttachTest {

    private static final TerminalAttach.Request REQUEST = new TerminalAttach.Request("coi-0a1b2c3d-1",
            List.of("tmux", "attach-session"), new ExecOptions(1000, 1000, "/workspace", Map.of()), true);

    private final RecordingProgress progress = new RecordingProgress();
    private int attaches;

    @Test
    void anAttachThatFailedWhileTheSessionRunsIsTriedAgain() throws Exception {
        try (SessionGuard guard = new SessionGuard(() -> { })) {
            attach(guard, true, 1, 0);
        }

        assertEquals(2, attaches);
        assertEquals(1, progress.warnings.size());
        assertTrue(progress.warnings.get(0).contains("incus exec ended with 1"), progress.warnings::toString);
    }

    @Test
    void aDetachIsNotTriedAgain() throws Exception {
        try (SessionGuard guard = new SessionGuard(() -> { })) {
            attach(guard, true, 0);
        }

        assertEquals(1, attaches);
    }

    @Test
    void givesUpAfterItsAttempts() throws Exception {
        try (SessionGuard guard = new SessionGuard(() -> { })) {
            attach(guard, true, 1, 1, 1, 1);
        }

        assertEquals(TmuxAttach.ATTEMPTS, attaches);
    }

    @Test
    void notWhenTheSessionEndedOrCoiIsBeingStopped() throws Exception {
        try (SessionGuard guard = new SessionGuard(() -> { })) {
            attach(guard, false, 255, 0);
        }
        try (SessionGuard stopped = new SessionGuard(() -> { })) {
            stopped.onShutdown();
            attach(stopped, true, 143, 0);
        }

        assertEquals(2, attaches);
        assertEquals(List.of(), progress.warnings);
    }

    private void attach(SessionGuard guard, boolean sessionRuns, int... exitCodes) throws InterruptedException {
        Deque<Integer> codes = new ArrayDeque<>();
        for (int code : exitCodes) {
            codes.add(code);
        }
        new TmuxAttach(request -> {
            attaches++;
            int code = codes.remove();
            return new TerminalAttach.Attached() {
                @Override
                public int waitFor() {
                    return code;
                }

                @Override
                public void stop() {
                }
            };
        }, () -> sessionRuns, guard, progress).run(REQUEST);
    }
}
