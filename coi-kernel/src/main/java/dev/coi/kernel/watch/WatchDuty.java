package dev.coi.kernel.watch;

import dev.coi.api.ContainerProcess;
import dev.coi.api.Progress;
import dev.coi.api.SessionActivity;
import dev.coi.api.SessionWatcher;
import dev.coi.api.ThreatLevel;
import dev.coi.api.WatchEvent;
import dev.coi.api.WatchedSession;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.incus.InstanceState;
import dev.coi.kernel.keeper.KeeperDuty;
import dev.coi.kernel.sessions.SessionFinisher;
import dev.coi.kernel.sessions.SessionLabels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The keeper's looks at watched sessions: for every recorded container that still runs its session, each watcher
 * the session started with looks at it with the settings it started with, and what they report is answered by
 * {@link WatchResponses}. The record of a session that ended otherwise is dropped. A look at a container whose init
 * is known asks Incus nothing: a frozen container is looked at too, and shows what it showed when it froze.
 */
public final class WatchDuty implements KeeperDuty {

    static final Duration REFUSED_EVERY = Duration.ofSeconds(10);

    private final WatchRecords records;
    private final Supplier<List<SessionWatcher>> watchers;
    private final IncusClient incus;
    private final HostView host;
    private final WatchResponses responses;
    private final Progress log;
    private final Clock clock;
    /**
     * The host pid of each watched container's init, asked of Incus once (its state costs Incus tens of ms) and
     * then only checked on the host; asked again when it no longer is that container's.
     */
    private final Map<String, Long> initPids = new HashMap<>();
    /**
     * Each watched container's last count of refused packets and when it was read: it costs a read of the
     * firewall (through sudo), so it is read every {@link #REFUSED_EVERY}, not at every look.
     */
    private final Map<String, Refused> refused = new HashMap<>();
    private final Function<String, OptionalLong> refusedPackets;
    /** The removals counted in each watched workspace, from its container's first look; empty when it cannot be. */
    private final Map<String, Optional<WorkspaceRemovals>> removals = new HashMap<>();

    WatchDuty(WatchRecords records, Supplier<List<SessionWatcher>> watchers, IncusClient incus,
            HostView host, Function<String, OptionalLong> refusedPackets, WatchResponses responses, Progress log,
            Clock clock) {
        this.records = records;
        this.watchers = watchers;
        this.incus = incus;
        this.host = host;
        this.refusedPackets = refusedPackets;
        this.responses = responses;
        this.log = log;
        this.clock = clock;
    }

    /**
     * @param coiHome {@code ~/.coi}
     * @param finisher ends the session of a container stopped for a critical event
     * @param alert tells the user in the session
     * @param refusedPackets how many packets of a container its network rules refused so far, when they count them
     */
    public static WatchDuty of(Path coiHome, Supplier<List<SessionWatcher>> watchers, IncusClient incus,
            Supplier<SessionFinisher> finisher, SessionAlert alert, Function<String, OptionalLong> refusedPackets,
            Progress log) {
        Clock clock = Clock.systemUTC();
        return new WatchDuty(new WatchRecords(coiHome), watchers, incus, HostView.ofThisHost(), refusedPackets,
                new WatchResponses(incus, finisher, new AuditLog(coiHome), alert, log, clock), log, clock);
    }

    @Override
    public boolean hasWork() {
        return !records.containers().isEmpty();
    }

    @Override
    public void tick() {
        List<String> watched = records.containers();
        initPids.keySet().retainAll(watched);
        refused.keySet().retainAll(watched);
        removals.entrySet().removeIf(entry -> {
            if (watched.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().ifPresent(WatchDuty::close);
            return true;
        });
        for (String container : watched) {
            try {
                records.find(container).ifPresent(this::look);
            } catch (RuntimeException e) {
                log.warn(clock.instant() + " " + container + ": " + e.getMessage());
            }
        }
    }

    private void look(WatchRecord record) {
        String container = record.container();
        Long initPid = initPids.get(container);
        if (initPid == null || !host.groups().isInitOf(initPid, container)) {
            initPids.remove(container);
            Optional<Instance> instance = incus.instance(container)
                    .filter(Instance::isRunningOrFrozen)
                    .filter(found -> record.sessionId().equals(found.config().get(SessionLabels.SESSION_ID)));
            if (instance.isEmpty()) {
                records.remove(container);
                log.info(clock.instant() + " " + container + " no longer runs its watched session: no longer watched");
                return;
            }
            initPid = incus.instanceState(container).map(InstanceState::pid).orElse(0L);
            if (initPid <= 0) {
                return;
            }
            initPids.put(container, initPid);
        }
        Watched watched = new Watched(record, initPid);
        for (SessionWatcher watcher : watchers.get()) {
            Map<String, Object> settings = record.watchers().get(watcher.name());
            if (settings == null || watched.ended) {
                continue;
            }
            try {
                watcher.look(watched, new RecordedConfig(settings));
            } catch (RuntimeException | LinkageError e) {
                log.warn(clock.instant() + " " + container + ": the watcher " + watcher.name() + " failed: " + e);
            }
        }
    }

    private Optional<WorkspaceRemovals> removals(WatchRecord record) {
        return removals.computeIfAbsent(record.container(), container -> {
            if (record.workspace() == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(WorkspaceRemovals.watch(Path.of(record.workspace())));
            } catch (IOException e) {
                log.warn(clock.instant() + " " + container + ": removals from its workspace cannot be counted: " + e);
                return Optional.empty();
            }
        });
    }

    private long refused(String container) {
        Instant now = clock.instant();
        Refused last = refused.get(container);
        if (last == null || !now.isBefore(last.at().plus(REFUSED_EVERY))) {
            last = new Refused(refusedPackets.apply(container).orElse(-1), now);
            refused.put(container, last);
        }
        return last.packets();
    }

    private record Refused(long packets, Instant at) {
    }

    private static void close(WorkspaceRemovals removals) {
        try {
            removals.close();
        } catch (IOException e) {
            // a watch of a session no longer watched: the keeper's exit frees it at worst
        }
    }

    /** The session of one look: its processes and activity read once, on first use. */
    private final class Watched implements WatchedSession {

        private final WatchRecord record;
        private final long initPid;
        private List<ContainerProcess> read;
        private SessionActivity activity;
        private boolean ended;

        Watched(WatchRecord record, long initPid) {
            this.record = record;
            this.initPid = initPid;
        }

        @Override
        public String container() {
            return record.container();
        }

        @Override
        public String sessionId() {
            return record.sessionId();
        }

        @Override
        public List<ContainerProcess> processes() {
            if (read == null) {
                try {
                    read = host.processes().of(initPid);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the processes of " + record.container(), e);
                }
            }
            return read;
        }

        @Override
        public SessionActivity activity() {
            if (activity == null) {
                try {
                    Optional<HostCounters.DiskIo> io = host.counters().diskIo(initPid);
                    activity = new SessionActivity(io.map(HostCounters.DiskIo::read).orElse(-1L),
                            io.map(HostCounters.DiskIo::written).orElse(-1L),
                            removals(record).map(WorkspaceRemovals::count).orElse(-1L), refused(record.container()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the I/O counts of " + record.container(), e);
                }
            }
            return activity;
        }

        @Override
        public void report(WatchEvent event) {
            if (ended) {
                return;
            }
            responses.respond(record.container(), record.sessionId(), event);
            if (event.level() == ThreatLevel.CRITICAL) {
                ended = true;
                records.remove(record.container());
            }
        }
    }
}
