package dev.coi.kernel.config;

/**
 * A value and where it came from.
 *
 * @param value  the typed value, null when unset
 * @param origin {@code default}, a file path, {@code env NAME}, {@code flag --name} or
 *               {@code profile NAME (from FILE)}; several joined by ", " for values appended from several sources
 */
record Setting(Object value, String origin) {
}
