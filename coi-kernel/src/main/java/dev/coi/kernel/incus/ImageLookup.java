package dev.coi.kernel.incus;

import java.util.Optional;

/** What sessions and containers ask about the local images: whether the image they are made from is there. */
public interface ImageLookup {

    /**
     * One image.
     *
     * @param fingerprint its fingerprint, or a unique prefix of it
     * @return the image, or empty when there is none
     */
    Optional<ImageInfo> image(String fingerprint);

    /**
     * Looks up an alias.
     *
     * @param name the alias
     * @return the alias with its target fingerprint, or empty when there is none
     */
    Optional<ImageAlias> alias(String name);
}
