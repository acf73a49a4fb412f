package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code os}: the distribution and architecture, for the report; the kernel has a check of its own. */
public final class OsCheck implements HealthCheck {

    private static final Path OS_RELEASE = Path.of("/etc/os-release");
    private static final Pattern PRETTY_NAME = Pattern.compile("(?m)^PRETTY_NAME=\"?([^\"\\n]*)\"?$");

    private final String architecture;

    public OsCheck() {
        this(System.getProperty("os.arch"));
    }

    OsCheck(String architecture) {
        this.architecture = architecture;
    }

    @Override
    public String name() {
        return "os";
    }

    @Override
    public String category() {
        return "SYSTEM";
    }

    @Override
    public HealthResult run(HostCommands host, HostProbe probe) {
        String distribution = probe.readFile(OS_RELEASE).map(PRETTY_NAME::matcher).filter(Matcher::find)
                .map(found -> found.group(1)).orElse("unknown distribution");
        Map<String, String> details = new LinkedHashMap<>();
        details.put("distribution", distribution);
        details.put("architecture", architecture);
        return new HealthResult(Status.OK, distribution + " (" + architecture + ")", "", details);
    }
}
