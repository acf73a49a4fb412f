package dev.coi.kernel.images;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What {@code coi image cleanup PREFIX --keep N} deletes and keeps.
 *
 * <p>A <em>version</em> alias starts with PREFIX and ends in {@code -YYYYMMDD-HHMMSS}; when no alias with the
 * prefix has such a suffix, every alias with the prefix counts as a version (ordered by name, as the reference
 * tool does). The images carrying versions are ordered oldest first by their newest version's time (images
 * without a time come after those with one, by alias), the newest N are kept and the others deleted, each with
 * all its aliases, except an image that an alias which is no version still names (like {@code coi}, or an
 * alias outside the prefix): deleting it would take that alias away, so it is kept.
 *
 * @param deleted the images to delete, oldest first
 * @param kept the images kept, oldest first
 */
public record CleanupPlan(List<Version> deleted, List<Version> kept) {

    /**
     * One image carrying versions.
     *
     * @param fingerprint the image
     * @param versions its version aliases, sorted
     * @param heldBy its other aliases, which keep it from being deleted
     */
    public record Version(String fingerprint, List<String> versions, List<String> heldBy) {

        public Version {
            versions = List.copyOf(versions);
            heldBy = List.copyOf(heldBy);
        }

        Optional<LocalDateTime> time() {
            return versions.stream().map(ImageVersions::timestamp).flatMap(Optional::stream)
                    .max(Comparator.naturalOrder());
        }
    }

    public CleanupPlan {
        deleted = List.copyOf(deleted);
        kept = List.copyOf(kept);
    }

    /**
     * @param keep how many of the newest images to keep, at least 1
     */
    public static CleanupPlan of(List<LocalImage> images, String prefix, int keep) {
        if (keep <= 0) {
            throw new IllegalArgumentException("keep must be > 0, was " + keep);
        }
        boolean timed = images.stream().flatMap(image -> image.aliases().stream())
                .anyMatch(alias -> alias.startsWith(prefix) && ImageVersions.timestamp(alias).isPresent());
        List<Version> candidates = new ArrayList<>();
        for (LocalImage image : images) {
            List<String> versions = new ArrayList<>();
            List<String> others = new ArrayList<>();
            for (String alias : image.aliases().stream().sorted().toList()) {
                boolean version = alias.startsWith(prefix) && (!timed || ImageVersions.timestamp(alias).isPresent());
                (version ? versions : others).add(alias);
            }
            if (!versions.isEmpty()) {
                candidates.add(new Version(image.fingerprint(), versions, others));
            }
        }
        candidates.sort(Comparator.comparing((Version version) -> version.time().isEmpty())
                .thenComparing(version -> version.time().orElse(LocalDateTime.MIN))
                .thenComparing(version -> version.versions().get(0)));
        int firstKept = Math.max(0, candidates.size() - keep);
        List<Version> deleted = new ArrayList<>();
        List<Version> kept = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Version version = candidates.get(i);
            (i >= firstKept || !version.heldBy().isEmpty() ? kept : deleted).add(version);
        }
        return new CleanupPlan(deleted, kept);
    }
}
