package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import dev.coi.kernel.incus.IncusUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code coi health}: runs the kernel's checks and those of every plugin, one after the other, and collects what
 * they found. A check that throws fails on its own; it never stops the others.
 */
public final class HealthService {

    /** How long a check waits for one answer from Incus: a health check must not hang on a stuck daemon. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final List<HealthCheck> checks;
    private final HostCommands host;
    private final HostProbe probe;
    private final Clock clock;

    /**
     * @param checks the kernel's checks first, then the plugins'
     * @param host   runs host commands for the checks
     * @param probe  reads host files, environment and settings for the checks
     * @param clock  gives the report its time
     */
    public HealthService(List<HealthCheck> checks, HostCommands host, HostProbe probe, Clock clock) {
        this.checks = List.copyOf(checks);
        this.host = host;
        this.probe = probe;
        this.clock = clock;
    }

    public HealthReport run() {
        List<CheckOutcome> outcomes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (HealthCheck check : checks) {
            String name = uniqueName(check.name(), names);
            outcomes.add(new CheckOutcome(name, check.category(), runOne(check)));
        }
        return new HealthReport(OffsetDateTime.now(clock), outcomes);
    }

    private HealthResult runOne(HealthCheck check) {
        try {
            HealthResult result = check.run(host, probe);
            if (result == null) {
                return HealthResult.failed("the check returned no result", "report this fault of the check '"
                        + check.name() + "' to the plugin's authors");
            }
            return result;
        } catch (IncusUnavailableException e) {
            // the incus check fails for it; one cause is counted as one failure
            return HealthResult.warning("not checked: Incus cannot be reached", "see the incus check");
        } catch (RuntimeException e) {
            return HealthResult.failed("the check could not run: " + e.getMessage(),
                    "if the message does not say what to change, report it with the output of 'coi health --format"
                            + " json'");
        }
    }

    /** Two plugins may pick the same name; the report is keyed by name, so the later one gets a suffix. */
    private static String uniqueName(String name, Set<String> taken) {
        String candidate = name;
        for (int n = 2; !taken.add(candidate); n++) {
            candidate = name + "_" + n;
        }
        return candidate;
    }
}
