package dev.coi.api;

import java.util.Optional;

/**
 * Something a plugin contributes to the kernel. Every extension is one of the extension points below;
 * a class may implement several of them (a network backend that also contributes health checks).
 *
 * @since 0.1.0
 */
public sealed interface Extension permits AiTool, NetworkBackend, HostEnvironment, HealthCheckProvider,
        SnapshotStore, SessionLifecycle, ImageBase, SessionWatcher {

    /**
     * The name users select the extension by, unique within its extension point, for example {@code claude}.
     *
     * @return the name
     */
    String name();

    /**
     * The configuration this extension owns, if any: a table of keys that users set in their config files like the
     * kernel's. The kernel checks the values and hands them over through {@link #configure}.
     *
     * @return the section; empty, the default, for an extension with no settings of its own
     * @since 0.2.0
     */
    default Optional<ConfigSection> configSection() {
        return Optional.empty();
    }

    /**
     * Receives the values of {@link #configSection()} in the effective configuration. The kernel calls it once the
     * configuration is loaded, before it asks the extension for anything else in that command; a command that reads
     * no configuration (say {@code coi plugin list}) never calls it, so an extension works with
     * {@link ExtensionConfig#defaults()} until then. Not called for an extension without a section.
     *
     * @param config the values of the extension's section
     * @since 0.2.0
     */
    default void configure(ExtensionConfig config) {
    }
}
