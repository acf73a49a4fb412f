package dev.coi.kernel.sessions.launch;

import dev.coi.api.Progress;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.sessions.ContainerNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code coi shell --background --count N}: N new sessions of one workspace, started together a few at a time, each
 * in a slot of its own. What they share (the plan, the image's presence, the network's preparation, the guard of the
 * workspace's repository) is done once. A session that fails leaves nothing behind and does not stop the others;
 * the user gets the started sessions' containers in slot order, then an error naming what failed.
 */
public final class BackgroundSessions {

    /** The most sessions one command starts: as many as a workspace has slots. */
    public static final int MAX_COUNT = ContainerNames.MAX_SLOTS;

    private final ShellService preparing;
    private final ShellService starting;
    private final ContainerNames names;
    private final Progress progress;
    private final int parallelism;

    /**
     * @param context where the shared preparation reports, and the summary goes
     * @param eachSession the same for each session, whose own steps the user does not need to see
     * @param parallelism how many sessions start at the same time
     */
    public BackgroundSessions(LaunchContext context, LaunchContext eachSession, int parallelism) {
        this.preparing = new ShellService(context);
        this.starting = new ShellService(eachSession);
        this.names = context.names();
        this.progress = context.progress();
        this.parallelism = parallelism;
    }

    /**
     * How many sessions start at the same time on a host with this many processors: a start waits on Incus much of
     * its time, so two per processor. On 2 busy cores 1, 2, 4 and 8 at a time started 10 sessions in about the same
     * time (26-39 s, no clear winner); more only adds memory.
     */
    public static int parallelismFor(int processors) {
        return Math.max(2, 2 * processors);
    }

    /**
     * Starts the sessions; returns when each has started or failed.
     *
     * @param request a background request for new sessions (no slot, no resume)
     * @return 0 when all started
     * @throws CoiException (failure) when some did not start, naming why, after the others were listed
     */
    public int start(ShellRequest request, int count) throws InterruptedException {
        ShellService.Prepared prepared = preparing.prepare(request);
        preparing.guardGit(prepared);
        FreeSlots free = new FreeSlots(FreeSlots.takenIn(names, prepared.plan().workspace(), prepared.instances()));
        int workers = Math.min(parallelism, count);
        progress.step("Starting " + count + " sessions in " + prepared.plan().workspace() + ", " + workers
                + " at a time...");
        List<ShellService.BackgroundSession> started = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(workers, Thread.ofPlatform().name("coi-start-", 1)
                .factory());
        try {
            CompletionService<ShellService.BackgroundSession> done = new ExecutorCompletionService<>(pool);
            for (int i = 0; i < count; i++) {
                done.submit(() -> starting.startNewInBackground(prepared, request, free));
            }
            for (int i = 0; i < count; i++) {
                Future<ShellService.BackgroundSession> next = done.take();
                try {
                    started.add(next.get());
                } catch (ExecutionException e) {
                    failures.add(reason(e.getCause()));
                }
                progress.status("Started " + started.size() + " of " + count + " sessions"
                        + (failures.isEmpty() ? "" : ", " + failures.size() + " failed") + "...");
            }
        } catch (InterruptedException e) {
            // the sessions being set up remove their containers when interrupted
            pool.shutdownNow();
            throw e;
        } finally {
            pool.shutdown();
        }
        report(started);
        if (!failures.isEmpty()) {
            throw CoiException.failure(failures.size() + " of " + count + " sessions did not start"
                    + (started.isEmpty() ? "" : " (the other " + started.size() + " run)") + ":\n  "
                    + String.join("\n  ", failures));
        }
        return 0;
    }

    /** One line per started session, in slot order, naming its container as a single background start does. */
    private void report(List<ShellService.BackgroundSession> started) {
        if (started.isEmpty()) {
            return;
        }
        progress.info("Started " + started.size() + " sessions in the background:");
        started.stream().sorted(Comparator.comparingInt(this::slot)).forEach(session ->
                progress.info("Container: " + session.container() + " (session " + session.sessionId() + ")"));
        progress.info("Attach with: coi attach NAME; view the output with: coi tmux capture NAME");
    }

    private int slot(ShellService.BackgroundSession session) {
        return names.parse(session.container()).map(ContainerNames.Parsed::slot).orElse(Integer.MAX_VALUE);
    }

    private static String reason(Throwable failure) {
        return failure.getMessage() == null ? failure.toString() : failure.getMessage();
    }
}
