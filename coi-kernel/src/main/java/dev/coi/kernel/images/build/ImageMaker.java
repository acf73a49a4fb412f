package dev.coi.kernel.images.build;

import java.util.Map;

/** Makes the content of a new image from a base and a recipe: in a build container, or offline on the host. */
interface ImageMaker {

    /**
     * Makes a new image, without aliases, with the recipe applied.
     *
     * @param recipe what to put into the image and run there
     * @param properties the image's properties, e.g. {@code description}
     * @param tracker where to register every container and image before Incus makes it, so that a failure or
     *                an interrupt removes it
     * @return the new image's fingerprint
     */
    String make(BuildRecipe recipe, Map<String, String> properties, BuildTracker tracker);
}
