package dev.coi.kernel.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values one source sets. A key the source does not mention is simply absent, so it can never reset what an
 * earlier source set.
 */
final class Layer {

    private final Map<ConfigKey<?>, Setting> settings = new LinkedHashMap<>();

    void set(ConfigKey<?> key, Object value, String origin) {
        settings.put(key, new Setting(value, origin));
    }

    /** Puts this layer's values over {@code effective}: replacing them, or adding to lists that append. */
    void applyTo(Map<ConfigKey<?>, Setting> effective) {
        settings.forEach((key, setting) -> {
            Setting earlier = effective.get(key);
            effective.put(key, key.type().appends() && earlier != null ? appended(earlier, setting) : setting);
        });
    }

    private static Setting appended(Setting earlier, Setting later) {
        List<?> before = (List<?>) earlier.value();
        if (before.isEmpty()) {
            return later;
        }
        List<Object> all = new ArrayList<>(before);
        all.addAll((List<?>) later.value());
        return new Setting(List.copyOf(all), earlier.origin() + ", " + later.origin());
    }
}
