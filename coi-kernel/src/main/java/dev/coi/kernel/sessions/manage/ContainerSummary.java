package dev.coi.kernel.sessions.manage;

import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.sessions.SessionContainer;
import dev.coi.kernel.sessions.SessionLabels;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@code coi list} shows of a session container. Everything comes from the container itself (its labels,
 * configuration and address), never from saved metadata, which may belong to an older session that had the same
 * name.
 *
 * @param name the container name
 * @param status e.g. {@code Running}, {@code Stopped}
 * @param persistent whether it is kept after it stops
 * @param ipv4 the global IPv4 address of eth0, when it has one
 * @param workspace the workspace, when labelled
 * @param image the image it was made from: the {@code user.coi.image} label, else the image description
 * @param createdAt when it was created, when Incus says
 * @param member the cluster member it is on; empty when the server is not a cluster
 * @param limits its resource limits as Incus keys: its own {@code limits.*} keys and those of its own root disk
 *               device ({@code limits.read}, {@code limits.write}, {@code limits.max}); empty when unlimited
 * @param workspaceMode how the workspace reaches it: {@code mount} or {@code copy}
 */
public record ContainerSummary(String name, String status, boolean persistent, Optional<String> ipv4,
        Optional<Path> workspace, Optional<String> image, Optional<Instant> createdAt, Optional<String> member,
        Map<String, String> limits, String workspaceMode) {

    public ContainerSummary {
        limits = Collections.unmodifiableMap(new TreeMap<>(limits));
    }

    /** @param ipv4 its address, which the container does not carry: {@link SessionContainers} finds it */
    public static ContainerSummary of(SessionContainer container, Optional<String> ipv4) {
        var instance = container.instance();
        Optional<String> image = Optional.ofNullable(instance.config().get(SessionLabels.IMAGE))
                .or(() -> Optional.ofNullable(instance.config().get("image.description")))
                .filter(value -> !value.isBlank());
        return new ContainerSummary(container.name(), instance.status(), container.persistent(), ipv4,
                container.workspace(), image, Optional.ofNullable(instance.createdAt()), instance.member(), limits(instance),
                container.workspaceMode().configName());
    }

    private static Map<String, String> limits(Instance instance) {
        Map<String, String> limits = new TreeMap<>();
        instance.config().forEach((key, value) -> {
            if (key.startsWith("limits.")) {
                limits.put(key, value);
            }
        });
        instance.devices().getOrDefault("root", Map.of()).forEach((key, value) -> {
            if (key.startsWith("limits.")) {
                limits.put(key, value);
            }
        });
        return limits;
    }
}
