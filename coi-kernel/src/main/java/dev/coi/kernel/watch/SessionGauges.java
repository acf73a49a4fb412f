package dev.coi.kernel.watch;

import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.InstanceState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What each watched session's container uses now, for {@code coi monitor}'s live view: its state from Incus, and
 * from the host its CPU (the share of one core since the last read), memory, bytes read from and written to disk,
 * established connections and processes.
 */
public final class SessionGauges {

    /**
     * One container's gauges; -1 (CPU: negative) for what is not known, as for a stopped container or the first
     * read of CPU.
     *
     * @param sessionId the watched session that runs in it
     * @param cpuPercent the share of one core it used since the last read
     */
    public record Gauge(String container, String sessionId, String state, double cpuPercent, long memoryBytes,
            long readBytes, long writtenBytes, int connections, int processes) {
    }

    private record CpuReading(long nanos, long micros) {
    }

    private final WatchRecords records;
    private final IncusClient incus;
    private final HostView host;
    private final Map<String, CpuReading> lastCpu = new HashMap<>();

    SessionGauges(WatchRecords records, IncusClient incus, HostView host) {
        this.records = records;
        this.incus = incus;
        this.host = host;
    }

    /** @param coiHome {@code ~/.coi} */
    public static SessionGauges of(Path coiHome, IncusClient incus) {
        return new SessionGauges(new WatchRecords(coiHome), incus, HostView.ofThisHost());
    }

    /**
     * Reads the gauges of the watched sessions.
     *
     * @param container only this one's, or every watched container's
     */
    public List<Gauge> read(Optional<String> container) {
        List<Gauge> gauges = new ArrayList<>();
        for (String name : records.containers()) {
            Optional<WatchRecord> record = records.find(name);
            if (container.isPresent() && !container.get().equals(name) || record.isEmpty()) {
                continue;
            }
            String session = record.get().sessionId();
            Optional<InstanceState> state = incus.instanceState(name);
            long pid = state.map(InstanceState::pid).orElse(0L);
            String status = state.map(InstanceState::status).orElse("Gone");
            try {
                gauges.add(pid > 0 ? measure(name, session, status, pid)
                        : new Gauge(name, session, status, -1, -1, -1, -1, -1, -1));
            } catch (IOException e) {
                // it stopped while it was read
                gauges.add(new Gauge(name, session, status, -1, -1, -1, -1, -1, -1));
            }
        }
        return gauges;
    }

    private Gauge measure(String name, String session, String status, long pid) throws IOException {
        long now = System.nanoTime();
        OptionalLong cpu = host.counters().cpuMicros(pid);
        double percent = -1;
        if (cpu.isPresent()) {
            CpuReading last = lastCpu.put(name, new CpuReading(now, cpu.getAsLong()));
            if (last != null && now > last.nanos() && cpu.getAsLong() >= last.micros()) {
                percent = (cpu.getAsLong() - last.micros()) * 1000.0 * 100 / (now - last.nanos());
            }
        }
        Optional<HostCounters.DiskIo> io = host.counters().diskIo(pid);
        return new Gauge(name, session, status, percent, host.counters().memoryBytes(pid).orElse(-1),
                io.map(HostCounters.DiskIo::read).orElse(-1L), io.map(HostCounters.DiskIo::written).orElse(-1L),
                host.counters().connections(pid), host.processes().of(pid).size());
    }
}
