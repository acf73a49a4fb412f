package dev.coi.kernel.health;

import java.util.Locale;

/** Sizes as people read them in a health report. */
final class Bytes {

    private static final double GIB = 1024.0 * 1024 * 1024;

    private Bytes() {
    }

    static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / GIB);
    }
}
