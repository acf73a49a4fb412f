package dev.coi.kernel.plugin;

import dev.coi.api.CoiApi;
import java.util.Optional;

/**
 * A plugin that links against a coi-api type this coi does not have: it was built for another coi-api and declared
 * a range that lets it in anyway (as {@code >=0.1.0} would for a plugin implementing the removed
 * {@code SessionStorage}). The JVM only says {@code NoClassDefFoundError: dev/coi/api/...}; this says what to do.
 */
final class MissingApiType {

    private static final String API_PACKAGE = "dev.coi.api.";

    private MissingApiType() {
    }

    /** @return the explanation when the failure, or one of its causes, is a coi-api type that is missing */
    static Optional<String> explain(String pluginId, Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if ((cause instanceof NoClassDefFoundError || cause instanceof ClassNotFoundException)
                    && cause.getMessage() != null) {
                String type = cause.getMessage().replace('/', '.');
                if (type.startsWith(API_PACKAGE)) {
                    return Optional.of("plugin " + pluginId + " uses " + type + ", which coi-api " + CoiApi.VERSION
                            + " does not have: it was built for another coi-api. Use a version of the plugin built"
                            + " for coi-api " + CoiApi.VERSION + " (its author builds it against that coi-api and"
                            + " declares Plugin-Requires " + ApiRequirement.CURRENT_RANGE + ")");
                }
            }
        }
        return Optional.empty();
    }
}
