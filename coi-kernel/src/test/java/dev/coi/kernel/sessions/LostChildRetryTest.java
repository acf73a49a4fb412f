package dev.coi.kernel.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.ExecOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LostChildRetryTest {

    private static final TerminalAttach.Request REQUEST = new TerminalAttach.Request("c1", List.of("make"),
            new ExecOptions(1000, 1000, "/workspace", Map.of()), false);
    private static final TerminalAttach.Ended LOST = new TerminalAttach.Ended(1, true);

    private final List<String> shown = new ArrayList<>();
    private int starts;

    @Test
    void aLostTryThatProvablyDidNotStartTheCommandIsRepeatedWithoutItsMessage() throws Exception {
        LostChildRetry.Retrying attached = new LostChildRetry(scripted(LOST, new TerminalAttach.Ended(3, false)))
                .start(REQUEST, () -> true);

        assertEquals(3, attached.waitFor());
        assertEquals(2, starts);
        assertEquals(List.of(), shown);
        assertFalse(attached.lostEveryTry());
    }

    @Test
    void aLostTryThatMayHaveStartedTheCommandIsNotRepeatedAndItsMessageShown() throws Exception {
        LostChildRetry.Retrying attached = new LostChildRetry(scripted(LOST, new TerminalAttach.Ended(0, false)))
                .start(REQUEST, () -> false);

        assertEquals(1, attached.waitFor());
        assertEquals(1, starts);
        assertEquals(List.of("try 1"), shown);
        assertFalse(attached.lostEveryTry());
    }

    @Test
    void anyOtherFailureIsTheCommandsAndNotRepeated() throws Exception {
        LostChildRetry.Retrying attached = new LostChildRetry(scripted(new TerminalAttach.Ended(127, false), LOST))
                .start(REQUEST, () -> true);

        assertEquals(127, attached.waitFor());
        assertEquals(1, starts);
    }

    @Test
    void givesUpAfterItsTriesWithoutShowingIncussMessage() throws Exception {
        LostChildRetry.Retrying attached = new LostChildRetry(scripted(LOST, LOST, LOST, LOST, LOST))
                .start(REQUEST, () -> true);

        assertEquals(1, attached.waitFor());
        assertEquals(LostChildRetry.TRIES, starts);
        assertTrue(attached.lostEveryTry());
        assertEquals(List.of(), shown);
    }

    @Test
    void aStoppedCommandIsNotStartedAgain() throws Exception {
        Deque<LostChildRetry.Retrying> self = new ArrayDeque<>();
        LostChildRetry.Retrying attached = new LostChildRetry(scripted(LOST, LOST)).start(REQUEST, () -> {
            self.peek().stop();
            return true;
        });
        self.push(attached);

        assertEquals(1, attached.waitFor());
        assertEquals(1, starts);
        assertEquals(List.of("try 1"), shown);
    }

    /** Tries that end as given, one per start. */
    private TerminalAttach scripted(TerminalAttach.Ended... endings) {
        Deque<TerminalAttach.Ended> left = new ArrayDeque<>(List.of(endings));
        return request -> {
            int number = ++starts;
            TerminalAttach.Ended ended = left.remove();
            return new TerminalAttach.Attached() {
                @Override
                public int waitFor() {
                    return ended.exitCode();
                }

                @Override
                public TerminalAttach.Ended waitForEnd() {
                    return ended;
                }

                @Override
                public void showLostChildError() {
                    shown.add("try " + number);
                }

                @Override
                public void stop() {
                }
            };
        };
    }
}
