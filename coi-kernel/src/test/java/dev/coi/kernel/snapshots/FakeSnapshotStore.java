package dev.coi.kernel.snapshots;

import dev.coi.api.PortException;
import dev.coi.api.SnapshotStore;
import dev.coi.api.StoredSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A snapshot store in memory that records what it was asked to do. */
final class FakeSnapshotStore implements SnapshotStore {

    private final String name;
    private final Map<String, List<StoredSnapshot>> snapshots = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    List<String> processProblems = List.of();
    Optional<PortException> failure = Optional.empty();
    private Instant clock = Instant.parse("2026-12-01T10:00:00Z");

    FakeSnapshotStore(String name) {
        this.name = name;
    }

    FakeSnapshotStore() {
        this("fake");
    }

    /** A snapshot that was there before the test. */
    FakeSnapshotStore with(String container, String snapshot) {
        taken(container, snapshot, false);
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void create(String container, String snapshot, boolean withProcesses) {
        calls.add("create " + container + " " + snapshot + (withProcesses ? " with processes" : ""));
        if (failure.isPresent()) {
            throw failure.get();
        }
        taken(container, snapshot, withProcesses);
    }

    @Override
    public List<StoredSnapshot> list(String container) {
        return List.copyOf(snapshots.getOrDefault(container, List.of()));
    }

    @Override
    public Optional<StoredSnapshot> find(String container, String snapshot) {
        return list(container).stream().filter(taken -> taken.name().equals(snapshot)).findFirst();
    }

    @Override
    public void restore(String container, String snapshot, boolean withProcesses) {
        calls.add("restore " + container + " " + snapshot + (withProcesses ? " with processes" : ""));
    }

    @Override
    public void delete(String container, String snapshot) {
        calls.add("delete " + container + " " + snapshot);
        snapshots.getOrDefault(container, new ArrayList<>()).removeIf(taken -> taken.name().equals(snapshot));
    }

    @Override
    public List<String> problemsSavingProcesses(String container) {
        return processProblems;
    }

    @Override
    public List<String> problemsRestoringProcesses(String container, String snapshot) {
        return processProblems;
    }

    private void taken(String container, String snapshot, boolean withProcesses) {
        clock = clock.plusSeconds(60);
        snapshots.computeIfAbsent(container, key -> new ArrayList<>())
                .add(new StoredSnapshot(snapshot, clock, Optional.empty(), withProcesses, Optional.empty()));
    }
}
