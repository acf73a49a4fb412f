package dev.coi.kernel.watch;

import dev.coi.api.ConfigOption;
import dev.coi.api.ExtensionConfig;
import java.util.List;
import java.util.Map;

/** A watcher's settings as its session's record kept them: read back from JSON, the defaults for what it lacks. */
final class RecordedConfig implements ExtensionConfig {

    private final Map<String, Object> values;

    RecordedConfig(Map<String, Object> values) {
        this.values = values;
    }

    // Safe: each kind is read back as the type its options hold.
    @SuppressWarnings("unchecked")
    @Override
    public <T> T get(ConfigOption<T> option) {
        Object value = values.get(option.name());
        Object typed = switch (option.kind()) {
            case TEXT -> value instanceof String text ? text : null;
            case FLAG -> value instanceof Boolean flag ? flag : null;
            case NUMBER -> value instanceof Number number ? (Object) number.longValue() : null;
            case TEXTS -> value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)
                    ? List.copyOf(list) : null;
        };
        return typed == null ? option.defaultValue() : (T) typed;
    }
}
