package dev.coi.kernel.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.ExecOptions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LostChildRetryTest {

    private static final TerminalAttach.Request REQUEST = new TerminalAttach.Request("c1", List.of("make"),
            new ExecOptions(1000, 1000, "/workspace", Map.of()), false);
    private static final TerminalAttach.Ended LOST = new TerminalAttach.Ended(1, true);

    private final ScriptedAttach attach = new ScriptedAttach();

    @Test
    void aLostTryThatProvablyDidNotStartTheCommandIsRepeatedWithoutItsMessage() throws Exception {
        LostChildRetry.Retrying attached = retry(LOST, new TerminalAttach.Ended(3, false))
                .start(REQUEST, () -> true);

        assertEquals(3, attached.waitFor());
        assertEquals(2, attach.starts());
        assertEquals(List.of(), attach.shownErrors());
        assertFalse(attached.lostEveryTry());
    }

    @Test
    void aLostTryThatMayHaveStartedTheCommandIsNotRepeatedAndItsMessageShown() throws Exception {
        LostChildRetry.Retrying attached = retry(LOST, new TerminalAttach.Ended(0, false))
                .start(REQUEST, () -> false);

        assertEquals(1, attached.waitFor());
        assertEquals(1, attach.starts());
        assertEquals(List.of(1), attach.shownErrors());
        assertFalse(attached.lostEveryTry());
    }

    @Test
    void anyOtherFailureIsTheCommandsAndNotRepeated() throws Exception {
        LostChildRetry.Retrying attached = retry(new TerminalAttach.Ended(127, false), LOST)
                .start(REQUEST, () -> true);

        assertEquals(127, attached.waitFor());
        assertEquals(1, attach.starts());
    }

    @Test
    void givesUpAfterItsTriesWithoutShowingIncussMessage() throws Exception {
        LostChildRetry.Retrying attached = retry(LOST, LOST, LOST, LOST, LOST)
                .start(REQUEST, () -> true);

        assertEquals(1, attached.waitFor());
        assertEquals(LostChildRetry.TRIES, attach.starts());
        assertTrue(attached.lostEveryTry());
        assertEquals(List.of(), attach.shownErrors());
    }

    @Test
    void aStoppedCommandIsNotStartedAgain() throws Exception {
        Deque<LostChildRetry.Retrying> self = new ArrayDeque<>();
        LostChildRetry.Retrying attached = retry(LOST, LOST).start(REQUEST, () -> {
            self.peek().stop();
            return true;
        });
        self.push(attached);

        assertEquals(1, attached.waitFor());
        assertEquals(1, attach.starts());
        assertEquals(List.of(1), attach.shownErrors());
    }

    private LostChildRetry retry(TerminalAttach.Ended... endings) {
        return new LostChildRetry(attach.then(endings));
    }
}
