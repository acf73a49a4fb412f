package dev.coi.kernel.config;

/**
 * One effective key for {@code config show}.
 *
 * @param key         the dotted key, e.g. {@code network.mode}
 * @param value       plain data: String, Boolean, Integer, a List of those, a Map of String to String, a List of
 *                    {@code {host, container}} Maps for mounts, or null when unset
 * @param origin      {@code default}, a file path, {@code env NAME}, {@code flag --name} or
 *                    {@code profile NAME (from FILE)}; several joined by ", " for mounts gathered from several files
 * @param description one line about the key
 */
public record ConfigEntry(String key, Object value, String origin, String description) {
}
