package dev.coi.kernel.sessions.launch;

import dev.coi.api.Progress;

/**
 * With {@code COI_TIMINGS=1}, one line per phase of starting a session on standard error, e.g.
 * {@code [timing] create+start 312 ms}, for the benchmark; silent otherwise. The phases: prepare (configuration,
 * plugins, listing, checks), create+start (create, then rules and start, when the network rules go in place before
 * the start; start, for a reused container), ready, setup (the tool's files), network (waiting for rules that go in
 * place after the start), tool start (tmux, or the command of coi run), and the total since the command began.
 */
public final class SessionTimings {

    public static final String VARIABLE = "COI_TIMINGS";

    private final Progress progress;
    private final boolean enabled;
    private final long begin;
    private long phaseStart;

    public SessionTimings(Progress progress, boolean enabled) {
        this.progress = progress;
        this.enabled = enabled;
        this.begin = System.nanoTime();
        this.phaseStart = begin;
    }

    /** Reports the phase that ends now and starts the next one. */
    public void phase(String name) {
        long now = System.nanoTime();
        report(name, now - phaseStart);
        phaseStart = now;
    }

    /** Reports the time since coi began the session. */
    public void total() {
        report("total", System.nanoTime() - begin);
    }

    private void report(String name, long nanos) {
        if (enabled) {
            progress.info("[timing] " + name + " " + nanos / 1_000_000 + " ms");
        }
    }
}
