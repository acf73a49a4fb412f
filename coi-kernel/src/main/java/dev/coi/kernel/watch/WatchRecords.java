package dev.coi.kernel.watch;

import dev.coi.kernel.base.ContainerRecords;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The {@link WatchRecord}s on the host: one JSON file per container under {@code ~/.coi/watch}. */
public final class WatchRecords {

    private final ContainerRecords<WatchRecord> records;

    /** @param coiHome {@code ~/.coi} */
    public WatchRecords(Path coiHome) {
        this.records = new ContainerRecords<>(coiHome.resolve("watch"), WatchRecord.class, "that the session is watched");
    }

    void save(WatchRecord record) {
        records.save(record.container(), record);
    }

    /** A damaged record watches nothing. */
    Optional<WatchRecord> find(String container) {
        return records.find(container);
    }

    List<String> containers() {
        return records.containers();
    }

    void remove(String container) {
        records.remove(container);
    }
}
