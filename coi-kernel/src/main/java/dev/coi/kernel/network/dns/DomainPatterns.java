package dev.coi.kernel.network.dns;

import java.util.List;
import java.util.Locale;

/** The names a container may resolve: the union of its {@link DomainPattern}s. */
public record DomainPatterns(List<DomainPattern> patterns) {

    public DomainPatterns {
        patterns = List.copyOf(patterns);
    }

    /**
     * @throws dev.coi.kernel.base.CoiException for the first malformed entry
     */
    public static DomainPatterns parse(List<String> entries) {
        return new DomainPatterns(entries.stream().map(DomainPattern::parse).toList());
    }

    /** Whether the name is allowed; case and a trailing dot do not matter. */
    public boolean allows(String name) {
        String normal = name.toLowerCase(Locale.ROOT);
        if (normal.endsWith(".")) {
            normal = normal.substring(0, normal.length() - 1);
        }
        for (DomainPattern pattern : patterns) {
            if (pattern.matches(normal)) {
                return true;
            }
        }
        return false;
    }
}
