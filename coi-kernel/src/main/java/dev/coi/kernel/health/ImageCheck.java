package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import dev.coi.kernel.images.InstalledTools;
import dev.coi.kernel.incus.ImageAlias;
import dev.coi.kernel.incus.IncusClient;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code image}: the image sessions start from ({@code defaults.image}) is there, and has the configured tool when
 * its build recorded its tools.
 */
public final class ImageCheck implements HealthCheck {

    private final IncusClient incus;
    private final Optional<String> alias;
    private final Optional<String> tool;

    /**
     * @param alias the image alias of {@code defaults.image}; empty when the configuration is invalid
     * @param tool the configured tool ({@code tool.name}); empty when the configuration is invalid
     */
    public ImageCheck(IncusClient incus, Optional<String> alias, Optional<String> tool) {
        this.incus = incus;
        this.alias = alias;
        this.tool = tool;
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
        String shortFingerprint = fingerprint.substring(0, Math.min(12, fingerprint.length()));
        Optional<Set<String>> tools = incus.images().image(fingerprint).flatMap(InstalledTools::of);
        if (tool.isPresent() && tools.isPresent() && !tools.get().contains(tool.get())) {
            return new HealthResult(Status.WARNING, "image '" + alias + "' has no " + tool.get() + " (it has: "
                    + (tools.get().isEmpty() ? "no tool" : String.join(", ", tools.get())) + "), the configured tool,"
                    + " so its sessions cannot start it", "build the image again: coi build (its output says why "
                    + tool.get() + "'s install step failed), or set tool.name to a tool it has",
                    Map.of("alias", alias, "fingerprint", fingerprint, "tools", String.join(" ", tools.get())));
        }
        return new HealthResult(Status.OK, alias + " (fingerprint " + shortFingerprint + ")", "",
                Map.of("alias", alias, "fingerprint", fingerprint));
    }

    /**
     * When an image was built: its creation date, or its upload date for images whose creation date is unset;
     * empty when there is no such image.
     */
    public static Optional<Instant> builtAt(IncusClient incus, String alias) {
        return incus.images().alias(alias).flatMap(found -> incus.images().image(found.target()))
                .map(image -> image.createdAt() != null && image.createdAt().getEpochSecond() > 0 ? image.createdAt()
                        : image.uploadedAt());
    }
}
