package dev.coi.kernel.images;

import dev.coi.kernel.CoiException;
import dev.coi.kernel.incus.ImageAlias;
import dev.coi.kernel.incus.ImageInfo;
import dev.coi.kernel.incus.IncusClient;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The local image store as {@code coi image ...} shows it. */
public final class ImageService {

    private final IncusClient incus;

    public ImageService(IncusClient incus) {
        this.incus = incus;
    }

    /** Every local image, newest first. */
    public List<LocalImage> list() {
        return incus.images().list().stream()
                .sorted(Comparator.comparing(ImageInfo::createdAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .map(ImageService::local)
                .toList();
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

    private static LocalImage local(ImageInfo image) {
        return new LocalImage(image.fingerprint(), image.aliases().stream().map(ImageAlias::name).sorted().toList(),
                image.size(), Optional.ofNullable(image.createdAt()), image.properties().getOrDefault("description", ""));
    }
}
