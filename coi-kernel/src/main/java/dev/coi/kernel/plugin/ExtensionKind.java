package dev.coi.kernel.plugin;

import dev.coi.api.AiTool;
import dev.coi.api.Extension;
import dev.coi.api.HealthCheckProvider;
import dev.coi.api.HostEnvironment;
import dev.coi.api.ImageBase;
import dev.coi.api.NetworkBackend;
import dev.coi.api.SessionLifecycle;
import dev.coi.api.SessionWatcher;
import dev.coi.api.SnapshotStore;
import java.util.Arrays;
import java.util.List;

/** The extension points, with the names users see for them. */
public enum ExtensionKind {
    AI_TOOL("ai-tool", AiTool.class),
    NETWORK_BACKEND("network-backend", NetworkBackend.class),
    HOST_ENVIRONMENT("host-environment", HostEnvironment.class),
    HEALTH_CHECKS("health-checks", HealthCheckProvider.class),
    SNAPSHOT_STORE("snapshot-store", SnapshotStore.class),
    SESSION_LIFECYCLE("session-lifecycle", SessionLifecycle.class),
    IMAGE_BASE("image-base", ImageBase.class),
    SESSION_WATCHER("session-watcher", SessionWatcher.class);

    private final String label;
    private final Class<? extends Extension> type;

    ExtensionKind(String label, Class<? extends Extension> type) {
        this.label = label;
        this.type = type;
    }

    public String label() {
        return label;
    }

    /** Every point an extension serves; one class may serve several. */
    public static List<ExtensionKind> of(Extension extension) {
        return Arrays.stream(values()).filter(kind -> kind.type.isInstance(extension)).toList();
    }
}
