package dev.coi.kernel.limits;

import dev.coi.kernel.base.ContainerRecords;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The {@link DeadlineRecord}s on the host: one JSON file per container under {@code ~/.coi/deadlines}. */
public final class DeadlineRecords {

    private final ContainerRecords<DeadlineRecord> records;

    /** @param coiHome {@code ~/.coi} */
    public DeadlineRecords(Path coiHome) {
        this.records = new ContainerRecords<>(coiHome.resolve("deadlines"), DeadlineRecord.class, "the deadline");
    }

    void save(DeadlineRecord record) {
        records.save(record.container(), record);
    }

    /** A damaged record is no deadline. */
    Optional<DeadlineRecord> find(String container) {
        return records.find(container);
    }

    List<String> containers() {
        return records.containers();
    }

    /** Whether the container has a deadline: cheap enough to ask after every stop and delete. */
    public boolean has(String container) {
        return records.has(container);
    }

    /** Forgets the deadline of a container, when there is one: its session ended. Never fails. */
    public void remove(String container) {
        records.remove(container);
    }
}
