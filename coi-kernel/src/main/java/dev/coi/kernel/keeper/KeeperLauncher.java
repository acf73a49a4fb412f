package dev.coi.kernel.keeper;

import dev.coi.api.Progress;
import dev.coi.kernel.base.Detached;
import dev.coi.kernel.base.ProcessLock;
import dev.coi.kernel.base.StartUpCache;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the keeper when none runs: a java process of its own, in a session of its own, so that it outlives the coi
 * that started it, the terminal it ran in, and that terminal's hangup.
 */
public final class KeeperLauncher {

    /** The hidden command the keeper's process runs. */
    public static final String COMMAND = "keeper";
    /** System properties that change how the keeper resolves names, passed on so that it resolves as coi did. */
    private static final List<String> INHERITED_PROPERTIES = List.of("jdk.net.hosts.file");
    /**
     * How long a keeper no duty needs at once waits before its JVM starts. Its start takes about as much CPU as the
     * rest of a session's start, which it would otherwise share on a small machine.
     */
    static final Duration SOON = Duration.ofSeconds(2);
    private static final Path NICE = Path.of("/usr/bin/nice");
    private static final Path SHELL = Path.of("/bin/sh");
    private static final File NO_INPUT = new File("/dev/null");

    private final Path userHome;
    private final Path lockFile;
    private final Path logFile;
    private final Progress progress;
    /**
     * The delay of the keeper this launcher started, if it did: the sessions one coi starts together each ask for it
     * before it holds its lock, and one keeper is enough (each other JVM would start only to end at once).
     */
    private Duration launched;

    /**
     * @param coiHome {@code ~/.coi}; the home coi works with (its parent) is given to the keeper as its {@code HOME}:
     *                it need not be the home of the process environment (coi run in memory by tests has one of its
     *                own)
     */
    public KeeperLauncher(Path coiHome, Progress progress) {
        this.userHome = coiHome.getParent();
        this.lockFile = Keeper.lockFile(coiHome);
        this.logFile = Keeper.logFile(coiHome);
        this.progress = progress;
    }

    /**
     * Starts the keeper unless one runs. A keeper that is about to end because it had nothing to watch looks once
     * more after letting go of its lock, so work recorded before this call is never missed.
     *
     * @param duty what it is started for, named in the warning when it cannot be started
     */
    public void ensureRunning(String duty) {
        start(duty, Duration.ZERO);
    }

    /**
     * Like {@link #ensureRunning}, for a duty that can wait {@link #SOON}: the keeper's JVM starts once the session
     * that needs it has started. Rules are in place before that; what the keeper does for them (repair, removal
     * when a container goes without coi) starts with its first look.
     */
    public void ensureRunningSoon(String duty) {
        start(duty, SOON);
    }

    private synchronized void start(String duty, Duration delay) {
        try {
            if (launched != null && launched.compareTo(delay) <= 0 || ProcessLock.isHeld(lockFile)) {
                return;
            }
            Files.createDirectories(logFile.getParent());
            ProcessBuilder keeper = new ProcessBuilder(command(delay))
                    .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectErrorStream(true);
            keeper.environment().put("HOME", userHome.toString());
            keeper.start();
            launched = delay;
        } catch (IOException e) {
            progress.warn("could not start coi's background keeper (" + e.getMessage() + "): " + duty);
        }
    }

    static List<String> command(Duration delay) {
        List<String> command = new ArrayList<>(Detached.prefix());
        if (!delay.isZero() && Files.isExecutable(SHELL)) {
            // a keeper that starts in the meantime holds the lock, and this one then ends at once
            command.addAll(List.of(SHELL.toString(), "-c", "sleep " + delay.toSeconds() + " && exec \"$0\" \"$@\""));
        }
        // the keeper's start-up would otherwise take CPU from the session that is starting beside it
        if (Files.isExecutable(NICE)) {
            command.addAll(List.of(NICE.toString(), "-n", "10"));
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        command.add(java.toString());
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m"));
        command.addAll(StartUpCache.options(java));
        for (String property : INHERITED_PROPERTIES) {
            String value = System.getProperty(property);
            if (value != null) {
                command.add("-D" + property + "=" + value);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.coi.kernel.Main", COMMAND));
        return command;
    }
}
