package dev.coi.kernel.snapshots;

import dev.coi.api.PortException;
import dev.coi.api.SnapshotStore;
import dev.coi.api.StoredSnapshot;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.IncusConflictException;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.incus.InstanceSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The kernel's snapshot store: Incus' own snapshots of an instance, with its processes through CRIU where the host
 * has it ({@link StatefulSupport}).
 */
final class IncusSnapshotStore implements SnapshotStore {

    static final String NAME = "incus";

    private final IncusClient incus;
    private final StatefulSupport stateful;

    IncusSnapshotStore(IncusClient incus, StatefulSupport stateful) {
        this.incus = incus;
        this.stateful = stateful;
    }

    /** With CRIU looked for on the {@code PATH} of {@code environment}, where the daemon on this host finds it. */
    static IncusSnapshotStore of(IncusClient incus, Map<String, String> environment) {
        return new IncusSnapshotStore(incus, new StatefulSupport(() -> StatefulSupport.criuOnThisHost(environment),
                () -> incus.server().hasExtension(StatefulSupport.EXTENSION)));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void create(String container, String snapshot, boolean withProcesses) {
        try {
            incus.createSnapshot(container, snapshot, withProcesses);
        } catch (IncusConflictException e) {
            throw new PortException("snapshot '" + snapshot + "' already exists for container '" + container + "'",
                    e);
        } catch (IncusException e) {
            throw new PortException(e.getMessage(), e);
        }
    }

    @Override
    public List<StoredSnapshot> list(String container) {
        return asked(() -> incus.snapshots(container).stream().map(IncusSnapshotStore::stored).toList());
    }

    @Override
    public Optional<StoredSnapshot> find(String container, String snapshot) {
        return asked(() -> incus.snapshot(container, snapshot).map(IncusSnapshotStore::stored));
    }

    @Override
    public void restore(String container, String snapshot, boolean withProcesses) {
        asked(() -> {
            incus.restoreSnapshot(container, snapshot, withProcesses);
            return null;
        });
    }

    @Override
    public void delete(String container, String snapshot) {
        asked(() -> {
            incus.deleteSnapshot(container, snapshot);
            return null;
        });
    }

    @Override
    public List<String> problemsSavingProcesses(String container) {
        return asked(() -> stateful.createProblems(instance(container)));
    }

    @Override
    public List<String> problemsRestoringProcesses(String container, String snapshot) {
        return asked(() -> stateful.restoreProblems(instance(container), incus.snapshot(container, snapshot)
                .orElseThrow(() -> new PortException("snapshot '" + snapshot + "' of container '" + container
                        + "' not found"))));
    }

    private Instance instance(String container) {
        return incus.instance(container).orElseThrow(() -> new PortException("container '" + container
                + "' not found"));
    }

    private static StoredSnapshot stored(InstanceSnapshot taken) {
        return new StoredSnapshot(taken.name(), taken.createdAt(), taken.expiry(), taken.stateful(),
                taken.describedAs());
    }

    /** Incus' failures in the store's terms; their messages already say what Incus could not do. */
    private static <T> T asked(Supplier<T> request) {
        try {
            return request.get();
        } catch (IncusException e) {
            throw new PortException(e.getMessage(), e);
        }
    }
}
