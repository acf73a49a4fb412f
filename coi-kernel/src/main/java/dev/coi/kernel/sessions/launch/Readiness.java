package dev.coi.kernel.sessions.launch;

import dev.coi.api.ExecOptions;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.incus.ContainerRuntime;
import dev.coi.kernel.incus.IncusException;
import java.time.Duration;
import java.util.List;

/**
 * Waits until a started container runs commands: {@code true} as root, tried again with a short, growing pause
 * until it works or the deadline passes. Most containers answer the first try.
 */
public final class Readiness {

    public static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final long MAX_PAUSE_MILLIS = 100;

    private Readiness() {
    }

    public static void await(ContainerRuntime incus, String name, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        long pause = 5;
        String lastProblem = "";
        while (true) {
            try {
                if (incus.exec(name, List.of("true"), ExecOptions.asRoot(), deadline).succeeded()) {
                    return;
                }
                lastProblem = "'true' failed";
            } catch (IncusException e) {
                lastProblem = e.getMessage();
            }
            if (System.nanoTime() > end) {
                throw CoiException.failure("container " + name + " did not become ready (run a command) within "
                        + deadline.toSeconds() + " s: " + lastProblem + "; see 'incus info " + name + " --show-log'");
            }
            Thread.sleep(pause);
            pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
        }
    }
}
