package dev.coi.api;

import java.util.List;

/**
 * The entry point of a plugin, found by {@link java.util.ServiceLoader}.
 *
 * <p>Bundled plugins declare it with {@code provides dev.coi.api.CoiPlugin with ...} in their
 * {@code module-info.java} and mirror it in {@code META-INF/services/dev.coi.api.CoiPlugin}; third-party
 * plugins are PF4J plugin jars in the user's plugin folder that carry the same services file. Both shapes
 * are discovered the same way and end up in one registry.
 *
 * <p>Implementations must be cheap to construct: the kernel may instantiate every plugin on each start.
 *
 * @since 0.1.0
 */
public interface CoiPlugin {

    /**
     * A stable identifier, lower case with dashes, for example {@code tool-claude}.
     *
     * @return the plugin id
     */
    String id();

    /**
     * The plugin's own version. The default reads {@code Implementation-Version} from the jar manifest.
     *
     * @return the version, or {@code "dev"} when it runs from a build folder without a manifest
     */
    default String version() {
        String fromManifest = getClass().getPackage().getImplementationVersion();
        return fromManifest == null ? "dev" : fromManifest;
    }

    /**
     * One line that says what the plugin does today.
     *
     * @return a short description
     */
    String description();

    /**
     * The extensions this plugin contributes. Called once per kernel start.
     *
     * @return the extensions, never {@code null}
     */
    List<Extension> extensions();
}
