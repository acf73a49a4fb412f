package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import dev.coi.kernel.incus.ImageAlias;
import dev.coi.kernel.incus.IncusClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code image}: the image sessions start from ({@code defaults.image}) is there, and how old it is. */
public final class ImageCheck implements HealthCheck {

    /** Older than this, the AI tool and the packages in the image are likely out of date. */
    static final Duration STALE = Duration.ofDays(30);

    private final IncusClient incus;
    private final Optional<String> alias;
    private final Clock clock;

    /**
     * @param alias the image alias of {@code defaults.image}; empty when the configuration is invalid
     */
    public ImageCheck(IncusClient incus, Optional<String> alias, Clock clock) {
        this.incus = incus;
        this.alias = alias;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "image";
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
        return check(alias.get());
    }

    private HealthResult check(String alias) {
        Optional<ImageAlias> found = incus.images().alias(alias);
        if (found.isEmpty()) {
            return HealthResult.failed("image '" + alias + "' not found, so no session can start",
                    "coi".equals(alias) ? "build it: coi build"
                            : "build it with coi build custom, or set defaults.image to an image 'coi image list' shows");
        }
        String fingerprint = found.get().target();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("alias", alias);
        details.put("fingerprint", fingerprint);
        Optional<Instant> built = incus.images().image(fingerprint)
                .map(image -> image.createdAt() != null && image.createdAt().getEpochSecond() > 0 ? image.createdAt()
                        : image.uploadedAt());
        String shortFingerprint = fingerprint.substring(0, Math.min(12, fingerprint.length()));
        if (built.isEmpty()) {
            return new HealthResult(Status.OK, alias + " (" + shortFingerprint + ", age unknown)", "", details);
        }
        Duration age = Duration.between(built.get(), clock.instant());
        details.put("created_at", built.get().toString());
        details.put("age_days", Long.toString(age.toDays()));
        String summary = alias + " (" + shortFingerprint + ", built " + ago(age) + ")";
        if (age.toDays() > STALE.toDays()) {
            return new HealthResult(Status.WARNING, summary + ": the AI tool and packages in it are likely out of date",
                    "coi".equals(alias) ? "rebuild it: coi build --force" : "rebuild it with coi build custom --force",
                    details);
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
