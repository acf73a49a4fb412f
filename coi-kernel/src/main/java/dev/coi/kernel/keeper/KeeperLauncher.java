package dev.coi.kernel.keeper;

import dev.coi.api.Progress;
import dev.coi.kernel.base.ProcessLock;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final File NO_INPUT = new File("/dev/null");

    private final Path userHome;
    private final Path lockFile;
    private final Path logFile;
    private final Progress progress;

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
        try {
            if (ProcessLock.isHeld(lockFile)) {
                return;
            }
            Files.createDirectories(logFile.getParent());
            ProcessBuilder keeper = new ProcessBuilder(command())
                    .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectErrorStream(true);
            keeper.environment().put("HOME", userHome.toString());
            keeper.start();
        } catch (IOException e) {
            progress.warn("could not start coi's background keeper (" + e.getMessage() + "): " + duty);
        }
    }

    private static List<String> command() {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m"));
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
