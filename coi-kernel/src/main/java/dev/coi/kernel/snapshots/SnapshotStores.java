package dev.coi.kernel.snapshots;

import dev.coi.api.SnapshotStore;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.plugin.PluginRegistry;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds a snapshot store by name, as the kernel finds a tool: among the kernel's own stores first, then among the
 * plugins'. The plugins are loaded only when the kernel has no store of that name, so that {@code coi snapshot}
 * loads them only when it needs them (for a session copy).
 */
final class SnapshotStores {

    private SnapshotStores() {
    }

    static SnapshotStore named(String name, List<SnapshotStore> kernels, Supplier<PluginRegistry> plugins) {
        Optional<SnapshotStore> own = kernels.stream().filter(store -> store.name().equals(name)).findFirst();
        if (own.isPresent()) {
            return own.get();
        }
        List<SnapshotStore> offered = plugins.get().extensions(SnapshotStore.class);
        return offered.stream().filter(store -> store.name().equals(name)).findFirst()
                .orElseThrow(() -> CoiException.usage("no snapshot store is named '" + name + "'; there are "
                        + Stream.concat(kernels.stream(), offered.stream()).map(SnapshotStore::name)
                                .collect(Collectors.joining(", "))
                        + " ('coi plugin list' shows the plugins' stores)"));
    }
}
