package dev.coi.api;

/**
 * Something a plugin contributes to the kernel. Every extension is one of the extension points below;
 * a class may implement several of them (a network backend that also contributes health checks).
 *
 * @since 0.1.0
 */
public sealed interface Extension permits AiTool, NetworkBackend, HostEnvironment, HealthCheckProvider,
        ImageBase {

    /**
     * The name users select the extension by, unique within its extension point, for example {@code claude}.
     *
     * @return the name
     */
    String name();
}
