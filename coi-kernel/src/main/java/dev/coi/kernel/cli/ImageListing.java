package dev.coi.kernel.cli;

import dev.coi.kernel.images.ImageService;
import dev.coi.kernel.images.LocalImage;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The text of {@code coi image list} and {@code coi images}, laid out line for line as the reference tool's, whose
 * headers ({@code COI Images:}, {@code ✓ coi}) and columns scripts read.
 */
final class ImageListing {

    static final String DEFAULT_IMAGE = "coi";
    private static final String DEFAULT_IMAGE_TEXT = "coi image (Claude CLI, Node.js, Docker, GitHub CLI, tmux)";
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    private ImageListing() {
    }

    /** Without a prefix the overview (with {@code all} every local image in it), with one the matching aliases. */
    static List<String> of(ImageService images, String prefix, boolean all) {
        if (prefix != null) {
            return withPrefix(prefix, ImageRow.of(images.list(), prefix, false));
        }
        return overview(images.exists(DEFAULT_IMAGE), all ? Optional.of(images.list()) : Optional.empty());
    }

    /** @param local every local image, with {@code --all} */
    static List<String> overview(boolean defaultBuilt, Optional<List<LocalImage>> local) {
        List<String> lines = new ArrayList<>(List.of("Available Images:", "", "COI Images:"));
        if (defaultBuilt) {
            lines.addAll(List.of("  ✓ " + DEFAULT_IMAGE, "    " + DEFAULT_IMAGE_TEXT));
        } else {
            lines.addAll(List.of("  ✗ " + DEFAULT_IMAGE + " (not built)", "    " + DEFAULT_IMAGE_TEXT,
                    "    Build with: coi build"));
        }
        lines.add("");
        local.ifPresentOrElse(images -> {
            lines.add("All Local Images:");
            lines.addAll(allLocal(images));
        }, () -> lines.add("Tip: Use --all to see all local images"));
        // the reference tells to run remote images directly; coi sessions need a local image, so builds are named
        lines.addAll(List.of("", "Remote Images:",
                "  coi build and coi build custom start from any image of the images: server (build.images_server):",
                "  - images:debian/12, images:ubuntu/24.04",
                "",
                "  Example: coi build custom my-image --script setup.sh --base images:ubuntu/24.04",
                "",
                "Custom Images:",
                "  Build your own: coi build custom --script setup.sh my-image",
                ""));
        return lines;
    }

    /** A row per alias; an image without one is named by its short fingerprint, which Incus accepts as well. */
    private static List<String> allLocal(List<LocalImage> images) {
        if (images.isEmpty()) {
            return List.of("  No local images found");
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format("  %-30s %-15s %s", "ALIAS", "SIZE", "UPLOAD DATE"));
        lines.add("  " + "-".repeat(70));
        for (LocalImage image : images) {
            List<String> names = image.aliases().isEmpty() ? List.of(image.fingerprint().substring(0, 12))
                    : image.aliases();
            for (String name : names) {
                lines.add(String.format("  %-30s %-15s %s", name, Sizes.compact(image.size()),
                        minutes(image.uploadedAt())).stripTrailing());
            }
        }
        return lines;
    }

    static List<String> withPrefix(String prefix, List<ImageRow> rows) {
        if (rows.isEmpty()) {
            return List.of("No images found with prefix '" + prefix + "'");
        }
        List<String> lines = new ArrayList<>(List.of("Images with prefix '" + prefix + "':", "",
                String.format("%-40s %-20s %s", "ALIAS", "SIZE", "CREATED"), "-".repeat(80)));
        for (ImageRow row : rows) {
            for (String alias : row.aliases()) {
                lines.add(String.format("%-40s %-20s %s", alias, Sizes.compact(row.image().size()),
                        minutes(row.image().createdAt())).stripTrailing());
            }
        }
        return lines;
    }

    private static String minutes(Optional<Instant> time) {
        return time.map(MINUTES::format).orElse("");
    }
}
