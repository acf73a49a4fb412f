package dev.coi.kernel.cli.resident;

import dev.coi.kernel.base.Detached;
import dev.coi.kernel.base.ProcessLock;
import dev.coi.kernel.base.StartUpCache;
import dev.coi.kernel.cli.Coi;
import dev.coi.kernel.config.ConfigEnvironment;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the resident coi after a command it would have served ran in a JVM of its own, so that the next such
 * command is answered at once. Only an installed coi has one: its launcher names the installation in the system
 * property {@value #INSTALLATION_PROPERTY}, and its client ({@code bin/coi}) is what talks to the resident.
 */
public final class ResidentLauncher {

    /** The installation folder ({@code bin/}, {@code lib/}, {@code runtime/}), set by {@code bin/coi-jvm}. */
    public static final String INSTALLATION_PROPERTY = StartUpCache.INSTALLATION_PROPERTY;
    /** {@code COI_RESIDENT=off} keeps coi from starting or using a resident. */
    static final String SWITCH_VARIABLE = "COI_RESIDENT";
    private static final File NO_INPUT = new File("/dev/null");
    private static final File ROOT = new File("/");

    private ResidentLauncher() {
    }

    /** Starts the resident unless it is off, not useful for {@code args}, not possible here, or running. */
    public static void startIfUseful(ConfigEnvironment environment, String... args) {
        String installation = System.getProperty(INSTALLATION_PROPERTY);
        if (installation == null || "off".equals(environment.variables().get(SWITCH_VARIABLE))
                || !Coi.servedByResident(args)) {
            return;
        }
        Path coiHome = environment.home().resolve(".coi");
        ResidentAddress address = ResidentAddress.of(coiHome, Path.of(installation));
        try {
            if (!address.fits() || ProcessLock.isHeld(address.lock())) {
                return;
            }
            Path log = coiHome.resolve("logs").resolve("resident.log");
            Files.createDirectories(log.getParent());
            // in / rather than where this coi ran, so that it keeps no folder of the user's busy (a drive to unmount)
            ProcessBuilder resident = new ProcessBuilder(command(Path.of(installation))).directory(ROOT)
                    .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true);
            resident.environment().put("HOME", environment.home().toString());
            resident.start();
        } catch (IOException e) {
            // the command itself has run; without a resident the next one starts a JVM of its own, as this one did
        }
    }

    /**
     * The JVM options of {@code bin/coi-jvm}, so that the start-up cache serves the resident as well, and a small
     * heap.
     */
    private static List<String> command(Path installation) {
        List<String> command = new ArrayList<>(Detached.prefix());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        command.addAll(List.of(java.toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        StartUpCache.of(installation, java).ifPresent(cache -> command.add("-XX:AOTCache=" + cache));
        // what it keeps between commands is a few MB; left to itself the JVM would start with 1/64 of the memory
        // (eden alone ~100 MB on a 24 GB machine), all of it touched before the first collection
        command.addAll(List.of("-Xms16m", "-Xmx128m"));
        command.addAll(List.of("-Xlog:disable", "-Xlog:all=warning:stderr", "-Xlog:aot*=off,cds*=off:stderr",
                "-D" + INSTALLATION_PROPERTY + "=" + installation,
                "-cp", System.getProperty("java.class.path"), ResidentMain.class.getName()));
        return command;
    }

}
