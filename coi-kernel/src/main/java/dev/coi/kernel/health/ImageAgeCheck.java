package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** {@code image_age}: the image sessions start from is recent enough to hold a current AI tool and packages. */
public final class ImageAgeCheck implements HealthCheck {

    /** Older than this, the AI tool and the packages in the image are likely out of date. */
    static final Duration STALE = Duration.ofDays(30);

    private final Optional<String> alias;
    private final Function<String, Optional<Instant>> builtAt;
    private final Clock clock;

    /**
     * @param alias   the image alias of {@code defaults.image}; empty when the configuration is invalid
     * @param builtAt when the image of an alias was built; empty when there is no such image
     */
    public ImageAgeCheck(Optional<String> alias, Function<String, Optional<Instant>> builtAt, Clock clock) {
        this.alias = alias;
        this.builtAt = builtAt;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "image_age";
    }

    @Override
    public String category() {
        return "CRITICAL";
    }

    @Override
    public HealthResult run(HostCommands host, HostProbe probe) {
        if (alias.isEmpty()) {
            return HealthResult.warning("not checked: the configuration that names the image (defaults.image) is"
                    + " invalid", "see the config check");
        }
        Optional<Instant> built = builtAt.apply(alias.get());
        if (built.isEmpty()) {
            return HealthResult.warning("not checked: there is no image '" + alias.get() + "'", "see the image check");
        }
        Duration age = Duration.between(built.get(), clock.instant());
        Map<String, String> details = Map.of("alias", alias.get(), "created_at", built.get().toString(),
                "age_days", Long.toString(age.toDays()));
        String summary = alias.get() + " was built " + ago(age);
        if (age.toDays() > STALE.toDays()) {
            return new HealthResult(Status.WARNING, summary + ": the AI tool and packages in it are likely out of date",
                    "coi".equals(alias.get()) ? "rebuild it: coi build --force"
                            : "rebuild it with coi build custom --force", details);
        }
        return new HealthResult(Status.OK, summary, "", details);
    }

    private static String ago(Duration age) {
        if (age.toDays() >= 1) {
            return age.toDays() + (age.toDays() == 1 ? " day ago" : " days ago");
        }
        if (age.toHours() >= 1) {
            return age.toHours() + (age.toHours() == 1 ? " hour ago" : " hours ago");
        }
        return "less than an hour ago";
    }
}
