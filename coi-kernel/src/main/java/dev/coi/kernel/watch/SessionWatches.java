package dev.coi.kernel.watch;

import dev.coi.api.ContainerEvent;
import dev.coi.api.SessionLifecycle;
import dev.coi.api.SessionPlan;
import dev.coi.api.SessionWatcher;
import dev.coi.api.ToolRunning;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.incus.ContainerHost;
import dev.coi.kernel.keeper.KeeperLauncher;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Which sessions the {@link SessionWatcher}s watch: as a session's tool starts, each watcher is asked whether it
 * wants the session with the settings it starts with; when one does, the session is recorded for the keeper, which
 * is started. The record goes when the container is stopped or deleted, whichever command did it.
 */
public final class SessionWatches implements SessionLifecycle {

    /** The name of the keeper's duty, for its log. */
    static final String DUTY = "session watchers";

    private final Supplier<List<SessionWatcher>> watchers;
    private final Function<SessionWatcher, Map<String, Object>> settings;
    private final WatchRecords records;
    private final KeeperLauncher keeper;
    private final Supplier<ContainerHost> host;

    /**
     * @param watchers the loaded watchers
     * @param settings the values of a watcher's section in this command's configuration, flags included
     * @param records where the watched sessions are recorded
     * @param keeper starts the keeper
     * @param host where the session's container runs: the keeper watches this machine's processes only
     */
    public SessionWatches(Supplier<List<SessionWatcher>> watchers, Function<SessionWatcher, Map<String, Object>> settings,
            WatchRecords records, KeeperLauncher keeper, Supplier<ContainerHost> host) {
        this.watchers = watchers;
        this.settings = settings;
        this.records = records;
        this.keeper = keeper;
        this.host = host;
    }

    @Override
    public String name() {
        return "watches";
    }

    /**
     * Before anything is made: a watcher reads the container's processes on this machine, where a container of
     * another machine has none, so such a session is refused rather than left unwatched.
     */
    @Override
    public void planned(SessionPlan plan) {
        Map<String, Map<String, Object>> wanting = wanting();
        if (wanting.isEmpty()) {
            return;
        }
        ContainerHost where = host.get();
        if (!where.here()) {
            throw CoiException.failure(String.join(", ", wanting.keySet()) + " cannot watch a container on "
                    + where.where() + ": coi's keeper reads a session's processes on this machine, and " + where.why()
                    + ". " + where.remedy() + ", or start the session without it");
        }
    }

    @Override
    public void toolRunning(ToolRunning tool) {
        if (tool.joined()) {
            return;
        }
        Map<String, Map<String, Object>> wanting = wanting();
        if (wanting.isEmpty()) {
            return;
        }
        records.save(new WatchRecord(tool.session().container(), tool.session().sessionId(),
                tool.session().workspace().toString(), wanting));
        keeper.ensureRunning(DUTY);
    }

    private Map<String, Map<String, Object>> wanting() {
        Map<String, Map<String, Object>> wanting = new LinkedHashMap<>();
        for (SessionWatcher watcher : watchers.get()) {
            Map<String, Object> values = settings.apply(watcher);
            if (watcher.wants(new RecordedConfig(values))) {
                wanting.put(watcher.name(), values);
            }
        }
        return wanting;
    }

    @Override
    public void stopped(ContainerEvent container) {
        records.remove(container.container());
    }

    @Override
    public void deleted(ContainerEvent container) {
        records.remove(container.container());
    }
}
