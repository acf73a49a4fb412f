package dev.coi.kernel.incus;

import java.time.Duration;
import java.util.List;

/**
 * On a loaded host Incus now and then loses the process it forked for an exec, and fails the exec with
 * {@value #ERROR}; the same exec a moment later works, so coi tries again after these pauses (a command the user
 * gave only when it provably did not run).
 */
public final class LostExecChild {

    /** What Incus says then. */
    public static final String ERROR = "Failed to retrieve PID of executing child process";
    /** Pauses before the second, third and fourth try; a try right after the failure often failed again. */
    public static final List<Duration> PAUSES = List.of(Duration.ofMillis(100), Duration.ofMillis(300),
            Duration.ofMillis(700));

    private LostExecChild() {
    }
}
