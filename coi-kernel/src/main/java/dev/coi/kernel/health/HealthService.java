package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthCheckProvider;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code coi health}: runs the checks of every provider, the kernel's and the plugins' alike, one after the other,
 * and collects what they found. A check that throws, or takes longer than its deadline, fails on its own; it never
 * stops the others.
 */
public final class HealthService {

    /** How long a check waits for one answer from Incus: a health check must not hang on a stuck daemon. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /**
     * How long one check may take in all, whatever it waits for: a few Incus requests or host commands, each with a
     * time limit of its own, fit well within it; a plugin's check without such limits is cut off here.
     */
    static final Duration CHECK_DEADLINE = Duration.ofSeconds(30);

    private final List<HealthCheck> checks;
    private final HostCommands host;
    private final HostProbe probe;
    private final Clock clock;
    private final Duration deadline;

    /**
     * @param providers the kernel's providers first, then the plugins'; the report keeps their order and that of
     *                  their checks
     * @param host      runs host commands for the checks
     * @param probe     reads host files, environment and settings for the checks
     * @param clock     gives the report its time
     */
    public HealthService(List<HealthCheckProvider> providers, HostCommands host, HostProbe probe, Clock clock) {
        this(providers, host, probe, clock, CHECK_DEADLINE);
    }

    HealthService(List<HealthCheckProvider> providers, HostCommands host, HostProbe probe, Clock clock,
            Duration deadline) {
        this.checks = List.copyOf(providers.stream().flatMap(provider -> provider.healthChecks().stream()).toList());
        this.host = host;
        this.probe = probe;
        this.clock = clock;
        this.deadline = deadline;
    }

    /** The checks in the order they run: each provider's in turn. */
    List<HealthCheck> checks() {
        return checks;
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

    /** On a thread of its own, so that a check that hangs is given up after the deadline and the others still run. */
    private HealthResult runOne(HealthCheck check) {
        CompletableFuture<HealthResult> outcome = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual().name("coi-health-" + check.name()).start(() -> {
            try {
                outcome.complete(attempt(check));
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            }
        });
        try {
            return outcome.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            worker.interrupt();
            return HealthResult.failed("the check did not finish within " + deadline.toSeconds() + " s",
                    "something it waits for hangs: see whether 'incus info' and the plugin's commands (such as"
                            + " 'firewall-cmd --state') answer");
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            return HealthResult.failed("interrupted before the check finished", "run coi health again");
        } catch (ExecutionException e) {
            // an Error of the check, such as a plugin built against another coi-api
            return HealthResult.failed("the check could not run: " + e.getCause(), "report it to the authors of the"
                    + " plugin that provides the check '" + check.name() + "' (coi plugin list)");
        }
    }

    private HealthResult attempt(HealthCheck check) {
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
