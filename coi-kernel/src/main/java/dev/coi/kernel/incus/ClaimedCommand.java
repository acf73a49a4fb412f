package dev.coi.kernel.incus;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * A command that runs once however often Incus loses the try that started it ({@code coi run}'s, the tool started
 * without tmux, a test's change in a container), and lets a later try hand back what the lost one did. Incus can
 * report a try lost ("Failed to retrieve PID of executing child process") before or after its child started the
 * command, and then no longer passes on the child's output; coi cannot tell which. So every try runs the same wrapper, and the wrapper first
 * claims a directory of a name new to this run: the try that makes it runs the command and leaves its pid, output
 * and exit code there; a try that finds it made follows that run instead of starting another one.
 *
 * <p>Without a terminal the command writes into files in the claim, which the try streams to its own output as
 * they grow ({@code tail -f}); a follower streams the same files from their start, so nothing the command wrote is
 * lost with the try. When the try's output breaks, the command is paused until a follower comes; if none comes, the
 * command gets the SIGPIPE it would have got writing to a closed pipe, so that {@code coi run -- yes | head} does not
 * fill the disk. It runs in a session of its own, so that the signals Incus passes on to the wrapper (the user's
 * Ctrl-C, {@code --timeout}'s stop) reach it and its children, as a terminal would send them, paused or not.
 *
 * <p>On a terminal the command keeps the terminal (it is not redirected); a follower waits for the exit code and
 * says that the output went with the lost terminal. In a container without the GNU tools this takes (a busybox
 * image) the command's output is not kept either: it still runs once, and a follower waits for its end.
 *
 * <p>The agent in the container may make or change the claim itself: that only changes what coi shows of its own
 * command, or makes the run fail; or, by removing the claim and printing Incus's message, have its own command
 * started once more, which gains it nothing it could not do by itself.
 */
public final class ClaimedCommand {

    /** The exit code of the wrapper when it could neither run the command nor follow the run that did. */
    public static final int NOT_RUN = 125;

    /**
     * How long a try whose output broke waits for a follower: far longer than coi takes to try again after Incus
     * lost a try, even on a busy host.
     */
    public static final Duration FOLLOWER_WAIT = Duration.ofSeconds(30);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> FILES = List.of("out", "err", "pid", "rc", "followed");

    /** Waits for the claiming try's pid, which it writes right after the claim. */
    private static final String FOLLOW_START = """
            [ -d "$c" ] || { echo "coi: cannot create $c" >&2; exit 125; }
            : >"$c/followed"
            i=0
            while [ ! -s "$c/pid" ]; do
              i=$((i+1)); [ $i -le 100 ] || { echo "coi: an earlier try claimed this run but did not start it" >&2; exit 125; }
              sleep 0.1
            done
            s=$(cat "$c/pid")
            """;

    /**
     * A follower of a run whose output is not in the claim: it waits for the run's end and hands back its exit code
     * when the run could leave one.
     */
    private static final String FOLLOW_EXIT_CODE = """
            while [ ! -s "$c/rc" ] && kill -0 "$s" 2>/dev/null; do sleep 0.2; done
            echo "coi: Incus lost this run's command, which ran on without it: its output is not shown" >&2
            [ -s "$c/rc" ] && exit "$(cat "$c/rc")"
            exit 125
            """;

    /**
     * Without a terminal: the output kept and streamed when the container has the GNU tools it takes ({@code env
     * --default-signal}, {@code setsid}, {@code tail --pid}); else (a busybox image) the command becomes the
     * wrapper ({@code exec}), which keeps its streams and signals as they were, and a follower can only wait for it.
     */
    private static final String PIPES = """
            c=$0
            if ! mkdir "$c" 2>/dev/null; then
            %1$s
              if [ -e "$c/out" ]; then
                tail -s 0.02 -c +1 -f --pid="$s" "$c/out" & tail -s 0.02 -c +1 -f --pid="$s" "$c/err" >&2 & wait
                [ -s "$c/rc" ] && exit "$(cat "$c/rc")"
                echo "coi: the command ended without an exit code" >&2; exit 125
              fi
            %2$s
            fi
            if ! { command -v setsid && env --default-signal=INT true && tail --version; } >/dev/null 2>&1; then
              echo $$ >"$c/pid.part" && mv "$c/pid.part" "$c/pid"
              exec "$@"
            fi
            : >"$c/out"; : >"$c/err"
            exec 3<&0
            setsid env --default-signal=INT,QUIT "$@" <&3 3<&- >"$c/out" 2>"$c/err" &
            p=$!
            exec 3<&-
            pass() { kill -$1 -$p 2>/dev/null; kill -CONT -$p 2>/dev/null; }
            trap 'pass INT' INT; trap 'pass TERM' TERM; trap 'pass HUP' HUP
            broken() {
              kill -STOP -$p 2>/dev/null
              i=0; while [ ! -e "$c/followed" ] && [ $i -lt @TENTHS@ ]; do sleep 0.1; i=$((i+1)); done
              [ -e "$c/followed" ] || kill -PIPE -$p 2>/dev/null
              kill -CONT -$p 2>/dev/null
            }
            echo $$ >"$c/pid.part" && mv "$c/pid.part" "$c/pid"
            { tail -s 0.02 -c +1 -f --pid=$p "$c/out" || broken; } &
            { tail -s 0.02 -c +1 -f --pid=$p "$c/err" >&2 || broken; } &
            wait $p; rc=$?
            # above 128: the command died by a signal, or a signal passed on interrupted the wait; waiting again
            # gives the same code for the former, the command's own for the latter
            while [ $rc -gt 128 ]; do wait $p; r=$?; [ $r -eq $rc ] && break; rc=$r; done
            wait
            echo $rc >"$c/rc.part" && mv "$c/rc.part" "$c/rc"
            exit $rc
            """.formatted(FOLLOW_START.indent(2).stripTrailing(), FOLLOW_EXIT_CODE.indent(2).stripTrailing());

    private static final String TERMINAL = """
            c=$0
            if ! mkdir "$c" 2>/dev/null; then
            %1$s
            %2$s
            fi
            echo $$ >"$c/pid.part" && mv "$c/pid.part" "$c/pid"
            trap : INT QUIT
            "$@"; rc=$?
            echo $rc >"$c/rc.part" && mv "$c/rc.part" "$c/rc"
            exit $rc
            """.formatted(FOLLOW_START.indent(2).stripTrailing(), FOLLOW_EXIT_CODE.indent(2).stripTrailing());

    private final String path;
    private final Consumer<String> remove;
    private final Duration followerWait;

    /**
     * @param path the claim's path in the container
     * @param remove removes the file or empty directory at a path, if any
     * @param followerWait how long a try whose output broke waits for a follower before it ends the command
     */
    public ClaimedCommand(String path, Consumer<String> remove, Duration followerWait) {
        this.path = path;
        this.remove = remove;
        this.followerWait = followerWait;
    }

    /**
     * A claim of a new name in a folder of the container the command's user may write.
     *
     * @param folder the folder; not {@code /tmp} of a container that may still be booting, which is emptied then,
     *               perhaps after the command started: the user's home serves
     */
    public static ClaimedCommand in(ContainerRuntime incus, String container, String folder) {
        String path = folder.replaceAll("/+$", "") + "/.coi-run-" + HexFormat.of().toHexDigits(RANDOM.nextLong());
        return new ClaimedCommand(path, file -> {
            try {
                incus.files().delete(container, file);
            } catch (IncusException e) {
                // a few small files in the user's home: not worth a warning
            }
        }, FOLLOWER_WAIT);
    }

    /**
     * The command run through the wrapper.
     *
     * @param terminal whether the try runs on a terminal, which the command must keep
     */
    public List<String> wrap(List<String> command, boolean terminal) {
        String script = terminal ? TERMINAL : PIPES.replace("@TENTHS@", Long.toString(followerWait.toMillis() / 100));
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", script, path));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Removes the claim, which would otherwise stay in a container that is kept, one for every run. */
    public void remove() {
        for (String file : FILES) {
            remove.accept(path + "/" + file);
        }
        remove.accept(path);
    }
}
