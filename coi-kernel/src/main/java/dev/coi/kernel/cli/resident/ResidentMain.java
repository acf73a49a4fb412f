package dev.coi.kernel.cli.resident;

import dev.coi.kernel.base.BuildInfo;
import dev.coi.kernel.config.ConfigEnvironment;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** The resident's process, started by {@link ResidentLauncher}; its output is its log. */
public final class ResidentMain {

    /** How long the resident waits for the next command before it ends. */
    static final Duration IDLE_LIMIT = Duration.ofMinutes(10);

    private ResidentMain() {
    }

    public static void main(String[] args) throws Exception {
        Path installation = Path.of(System.getProperty(ResidentLauncher.INSTALLATION_PROPERTY));
        ConfigEnvironment environment = ConfigEnvironment.ofCurrentProcess();
        ResidentAddress address = ResidentAddress.of(environment.home().resolve(".coi"), installation);
        new Resident(address, new ResidentCommands(BuildInfo.current().versionLine()),
                InstallationWatch.ofClassPath(), IDLE_LIMIT, Clock.systemUTC(), System.err).run();
        System.exit(0);
    }
}
