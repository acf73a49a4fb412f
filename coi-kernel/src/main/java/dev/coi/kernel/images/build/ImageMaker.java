package dev.coi.kernel.images.build;

import java.util.Map;

/** Makes the content of a new image: in a build container from a base image, or offline on this host. */
interface ImageMaker {

    /**
     * Makes a new image, without aliases.
     *
     * @param properties the image's properties, e.g. {@code description}
     * @param tracker where to register every container and image before Incus makes it, so that a failure or
     *                an interrupt removes it
     * @return the new image's fingerprint
     */
    String make(Map<String, String> properties, BuildTracker tracker);
}
