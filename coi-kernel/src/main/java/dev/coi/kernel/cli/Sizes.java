package dev.coi.kernel.cli;

import java.util.Locale;

/** Byte counts for people: {@code 512 B}, {@code 12.3 KB}, {@code 345.6 MB}, 1024-based. */
final class Sizes {

    private static final String[] UNITS = {"KB", "MB", "GB", "TB"};

    private Sizes() {
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** {@code 512B}, {@code 345.6MB}: the form of the reference tool's image tables, which scripts read. */
    static String compact(long bytes) {
        return human(bytes).replace(" ", "");
    }
}
