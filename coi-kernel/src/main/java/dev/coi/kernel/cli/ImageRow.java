package dev.coi.kernel.cli;

import dev.coi.kernel.images.LocalImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One image in a listing, with the aliases the listing shows.
 *
 * @param image the image
 * @param aliases its aliases that match the listing's prefix
 */
record ImageRow(LocalImage image, List<String> aliases) {

    /**
     * The images a listing shows: with a prefix those with a matching alias (and only those aliases), with
     * {@code all} every image, otherwise every image that has an alias.
     */
    static List<ImageRow> of(List<LocalImage> images, String prefix, boolean all) {
        String start = prefix == null ? "" : prefix;
        return images.stream()
                .map(image -> new ImageRow(image, image.aliases().stream().filter(name -> name.startsWith(start)).toList()))
                .filter(row -> !row.aliases.isEmpty() || (all && prefix == null))
                .toList();
    }

    /** The reference tool's JSON fields, so scripts keep working. */
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("fingerprint", image.fingerprint());
        json.put("aliases", aliases);
        json.put("size", image.size());
        json.put("created_at", image.createdAt().map(Object::toString).orElse(""));
        return json;
    }
}
