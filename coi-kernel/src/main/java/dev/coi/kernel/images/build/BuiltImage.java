package dev.coi.kernel.images.build;

import java.util.Optional;

/**
 * The outcome of a build.
 *
 * @param alias the alias built, e.g. {@code coi}
 * @param version the version alias of the new image, e.g. {@code coi-20260108-103000}; empty when skipped
 * @param fingerprint the new image's fingerprint; empty when skipped
 */
public record BuiltImage(String alias, Optional<String> version, Optional<String> fingerprint) {

    static BuiltImage skipped(String alias) {
        return new BuiltImage(alias, Optional.empty(), Optional.empty());
    }

    /** Whether the alias existed and nothing was built. */
    public boolean skipped() {
        return fingerprint.isEmpty();
    }
}
