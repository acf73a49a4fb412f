package dev.coi.kernel.incus;

import java.util.Optional;

/** What a session asks about the local images: whether the image it is made from is there. */
public interface ImageLookup {

    /**
     * Looks up an alias.
     *
     * @param name the alias
     * @return the alias with its target fingerprint, or empty when there is none
     */
    Optional<ImageAlias> alias(String name);
}
