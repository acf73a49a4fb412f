package dev.coi.kernel.sessions;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A {@link TerminalAttach} whose tries end as scripted, one per start, recording which showed Incus's message. */
public final class ScriptedAttach implements TerminalAttach {

    private final Deque<Ended> left = new ArrayDeque<>();
    private final List<Integer> shownErrors = new ArrayList<>();
    private int starts;

    /** Adds the endings of the next tries. */
    public ScriptedAttach then(Ended... endings) {
        left.addAll(List.of(endings));
        return this;
    }

    /** How many tries were started, counted from 1 over every {@link #then}. */
    public int starts() {
        return starts;
    }

    /** The numbers of the tries whose lost-child message was shown. */
    public List<Integer> shownErrors() {
        return shownErrors;
    }

    @Override
    public Attached start(Request request) {
        int number = ++starts;
        Ended ended = left.remove();
        return new Attached() {
            @Override
            public int waitFor() {
                return ended.exitCode();
            }

            @Override
            public Ended waitForEnd() {
                return ended;
            }

            @Override
            public void showLostChildError() {
                shownErrors.add(number);
            }

            @Override
            public void stop() {
            }
        };
    }
}
