package dev.coi.kernel.images.build;

import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import dev.coi.api.Progress;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.IncusNotFoundException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a build script in a container as root and shows its output while it runs. Incus's exec without
 * WebSockets hands over output only at the end, so the script writes stdout and stderr into a log file in the
 * container, which is read about once a second; new complete lines go to {@link Progress#info}, the rest when
 * the script ends. Reading the whole file each time costs a few milliseconds per hundred kilobytes over the
 * Incus socket, far less than a WebSocket client would cost in code.
 *
 * <p>On a busy host Incus now and then loses the process it forked and fails the exec, although the script may be
 * running. A build script must not run twice (it may append to files, or fail on its own leftovers), so each run
 * first claims a directory of its own in the container; the exec is then tried again as any other, and a try that
 * finds the claim taken waits for the exit code the running script leaves there.
 */
final class ScriptRunner {

    /** Where the output goes in the container; beside, not inside, the build directory the script may clean. */
    static final String LOG = "/tmp/coi-build-output.log";
    /** Where each run claims its directory and leaves its exit code. */
    static final String RUNS = "/tmp/coi-build-runs";
    /** What a try that found its run claimed by an earlier, lost try prints. */
    static final String CLAIMED = "coi-build-run-claimed";

    private static final Duration STEP_TIMEOUT = Duration.ofHours(2);
    private static final long POLL_MILLIS = 1000;

    private final IncusClient incus;
    private final Progress progress;

    ScriptRunner(IncusClient incus, Progress progress) {
        this.incus = incus;
        this.progress = progress;
    }

    /**
     * @param script the script's absolute path in the container; run directly when it starts with {@code #!},
     *               else by {@code /bin/sh}
     * @param content the script's content
     * @return its exit code
     */
    int run(String container, String script, byte[] content, Map<String, String> environment) {
        boolean shebang = content.length > 1 && content[0] == '#' && content[1] == '!';
        String claim = RUNS + "/" + UUID.randomUUID();
        List<String> command = List.of("/bin/sh", "-c", launch(claim, shebang), script);
        ExecOptions options = new ExecOptions(0, 0, BuildRecipe.DIRECTORY, environment);
        CompletableFuture<CommandResult> execution = CompletableFuture.supplyAsync(
                () -> incus.exec(container, command, options, STEP_TIMEOUT));
        Follower follower = new Follower(container);
        try {
            while (true) {
                try {
                    CommandResult result = execution.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    int exitCode = result.stdout().contains(CLAIMED)
                            ? awaitExitCode(container, claim, follower)
                            : result.exitCode();
                    follower.readNew(true);
                    return exitCode;
                } catch (TimeoutException e) {
                    follower.readNew(false);
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the build script ran", e);
        }
    }

    /**
     * The shell command that runs the script ({@code $0}) once for the claim, whatever number of times it is run
     * itself; a later run prints {@link #CLAIMED} and leaves the first to finish.
     */
    static String launch(String claim, boolean shebang) {
        return "mkdir -p " + RUNS + " && if ! mkdir " + claim + " 2>/dev/null; then"
                + " if [ -d " + claim + " ]; then echo " + CLAIMED + "; exit 0; fi;"
                + " echo 'coi: cannot create " + claim + "' >&2; exit 125; fi; "
                + (shebang ? "" : "/bin/sh ") + "\"$0\" >" + LOG + " 2>&1; rc=$?; "
                + "echo $rc >" + claim + "/rc.part && mv " + claim + "/rc.part " + claim + "/rc; exit $rc";
    }

    private int awaitExitCode(String container, String claim, Follower follower) throws InterruptedException {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                String code = new String(incus.files().read(container, claim + "/rc").content(),
                        StandardCharsets.UTF_8).strip();
                return Integer.parseInt(code);
            } catch (IncusNotFoundException e) {
                follower.readNew(false);
                Thread.sleep(POLL_MILLIS);
            }
        }
        throw CoiException.failure("the build script in container " + container + " did not end within "
                + STEP_TIMEOUT.toHours() + " hours");
    }

    /** Prints what the log file has gained since the last look. */
    private final class Follower {
        private final String container;
        private int printed;

        Follower(String container) {
            this.container = container;
        }

        void readNew(boolean toTheEnd) {
            byte[] log;
            try {
                log = incus.files().read(container, LOG).content();
            } catch (IncusNotFoundException e) {
                if (toTheEnd) {
                    // the script ended and its output is gone (something in the container removed it)
                    progress.warn("the build script's output in " + LOG + " could not be read back: " + e.getMessage());
                }
                return;
            }
            int end = toTheEnd ? log.length : lastNewline(log) + 1;
            if (end > printed) {
                String text = new String(Arrays.copyOfRange(log, printed, end), StandardCharsets.UTF_8);
                text.lines().forEach(progress::info);
                printed = end;
            }
        }

        private int lastNewline(byte[] log) {
            for (int i = log.length - 1; i >= printed; i--) {
                if (log[i] == '\n') {
                    return i;
                }
            }
            return printed - 1;
        }
    }
}
