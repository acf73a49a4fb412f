package dev.coi.kernel.images;

import dev.coi.api.Progress;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.incus.ImageAlias;
import dev.coi.kernel.incus.ImageInfo;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.Instance;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The local image store as {@code coi image ...} shows it. */
public final class ImageService {

    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(30);

    private final IncusClient incus;
    private final Progress progress;

    public ImageService(IncusClient incus, Progress progress) {
        this.incus = incus;
        this.progress = progress;
    }

    /** Every local image, newest first. */
    public List<LocalImage> list() {
        return incus.images().list().stream()
                .sorted(Comparator.comparing(ImageInfo::createdAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .map(ImageService::local)
                .toList();
    }

    /**
     * @param alias an image alias
     * @return the tools the image has, as its build recorded them; empty when there is no such image or it does not
     *         say (an image made by an older coi, or not by coi build)
     */
    public Optional<Set<String>> installedTools(String alias) {
        return incus.images().alias(alias).flatMap(found -> incus.images().image(found.target()))
                .flatMap(InstalledTools::of);
    }

    public boolean exists(String alias) {
        return incus.images().alias(alias).isPresent();
    }

    /** Deletes the image an alias points to, with every alias it has. */
    public void delete(String alias) {
        ImageAlias found = incus.images().alias(alias).orElseThrow(() -> CoiException.failure("image alias '" + alias
                + "' does not exist (see 'coi image list --all')"));
        incus.images().delete(found.target());
    }

    /**
     * Makes an image of a container under a new alias. A running container is stopped first, because Incus
     * publishes only stopped ones; it is never deleted.
     *
     * @param description the image's {@code description} property, or null for none
     */
    public Published publish(String container, String alias, String description) {
        if (incus.images().alias(alias).isPresent()) {
            throw CoiException.failure("image alias '" + alias + "' exists already: choose another alias, or delete"
                    + " that image first with 'coi image delete " + alias + "'");
        }
        Instance instance = incus.instance(container).orElseThrow(() -> CoiException.failure("container "
                + container + " does not exist (see 'incus list' or 'coi list')"));
        if (instance.isRunning()) {
            progress.info("Stopping container " + container + " to publish it (it stays, stopped)");
            incus.stop(container, GRACEFUL_STOP, false);
        }
        progress.step("Publishing container " + container + " as image " + alias);
        String fingerprint = incus.images().publish(container,
                description == null ? Map.of() : Map.of("description", description), progress::status);
        try {
            incus.images().createAlias(alias, fingerprint, description == null ? "" : description);
        } catch (IncusException e) {
            // an image nobody can name would only take space
            incus.images().delete(fingerprint);
            throw e;
        }
        return new Published(alias, fingerprint, instance.isRunning());
    }

    /**
     * Deletes old versions of images whose aliases start with a prefix, as {@link CleanupPlan} decides.
     *
     * @param keep how many of the newest to keep, at least 1
     * @return what was deleted and what was kept
     */
    public CleanupPlan cleanup(String prefix, int keep) {
        CleanupPlan plan = CleanupPlan.of(list(), prefix, keep);
        for (CleanupPlan.Version version : plan.deleted()) {
            incus.images().delete(version.fingerprint());
        }
        return plan;
    }

    private static LocalImage local(ImageInfo image) {
        return new LocalImage(image.fingerprint(), image.aliases().stream().map(ImageAlias::name).sorted().toList(),
                image.size(), Optional.ofNullable(image.createdAt()), Optional.ofNullable(image.uploadedAt()),
                image.properties().getOrDefault("description", ""));
    }

    /**
     * An image made by {@link #publish}.
     *
     * @param alias its alias
     * @param fingerprint its fingerprint
     * @param stoppedContainer whether the container was running and had to be stopped
     */
    public record Published(String alias, String fingerprint, boolean stoppedContainer) {
    }
}
