package dev.coi.kernel.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.plugin.LoadedPlugin;
import dev.coi.kernel.plugin.PluginRegistry;
import dev.coi.kernel.plugin.PluginSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SnapshotStoresTest {

    private final FakeSnapshotStore kernels = new FakeSnapshotStore("incus");
    private final FakeSnapshotStore plugins = new FakeSnapshotStore("zfs");

    private PluginRegistry registry() {
        return new PluginRegistry(List.of(new LoadedPlugin("zfs-snapshots", "1.0", "ZFS snapshots",
                PluginSource.INSTALLED, Optional.empty(), List.of(plugins))), List.of());
    }

    @Test
    void theKernelsStoreOfTheNameIsFoundWithoutLoadingThePlugins() {
        assertSame(kernels, SnapshotStores.named("incus", List.of(kernels), () -> {
            throw new AssertionError("the plugins were loaded");
        }));
    }

    @Test
    void aPluginsStoreIsFoundByItsName() {
        assertSame(plugins, SnapshotStores.named("zfs", List.of(kernels), this::registry));
    }

    @Test
    void anUnknownNameIsAUsageErrorNamingTheStoresThereAre() {
        CoiException error = assertThrows(CoiException.class,
                () -> SnapshotStores.named("btrfs", List.of(kernels), this::registry));

        assertEquals(ExitCodes.USAGE, error.exitCode());
        assertEquals("no snapshot store is named 'btrfs'; there are incus, zfs ('coi plugin list' shows the plugins'"
                + " stores)", error.getMessage());
    }
}
