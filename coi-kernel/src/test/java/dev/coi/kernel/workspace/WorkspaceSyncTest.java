package dev.coi.kernel.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.workspace.SyncReport.Action;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three-way sync's decisions: which side wins, what is a conflict, where nothing is lost. */
class WorkspaceSyncTest {

    @TempDir
    Path root;

    private Path workspace;
    private Path record;
    /** The container's workspace: what the tar holds and what pushes change. */
    private final Map<String, String> container = new TreeMap<>();
    private final List<String> pushed = new ArrayList<>();
    private final List<String> deleted = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        workspace = Files.createDirectories(root.resolve("project"));
        record = root.resolve("coi/workspace-copies/0b5e7a3c-1111-4222-8333-944445555666");
        for (String name : List.of("a.txt", "b.txt", "c.txt", "src/d.txt")) {
            Files.createDirectories(workspace.resolve(name).getParent());
            Files.writeString(workspace.resolve(name), name + " as copied\n");
            container.put(name, name + " as copied\n");
        }
        copyIn();
    }

    @Test
    void theContainersChangesComeToTheHostAndTheHostsGoIntoTheContainer() throws IOException {
        container.put("a.txt", "changed in the container\n");
        container.put("new.txt", "made in the container\n");
        Files.writeString(workspace.resolve("b.txt"), "changed on the host\n");
        Files.writeString(workspace.resolve("src/host.txt"), "made on the host\n");

        SyncReport report = sync(SyncDirection.BOTH, false);

        assertEquals("changed in the container\n", Files.readString(workspace.resolve("a.txt")));
        assertEquals("made in the container\n", Files.readString(workspace.resolve("new.txt")));
        assertEquals(List.of("b.txt", "src/host.txt"), pushed);
        assertFalse(report.hasConflicts());
        assertTrue(sync(SyncDirection.BOTH, false).changes().isEmpty(), "the manifest is the new base");
    }

    @Test
    void aFileChangedOnBothSidesStaysOnTheHostAndTheContainersIsKeptAside() throws IOException {
        container.put("a.txt", "the container's\n");
        Files.writeString(workspace.resolve("a.txt"), "the host's\n");

        SyncReport report = sync(SyncDirection.BOTH, false);

        assertTrue(report.hasConflicts());
        assertEquals("the host's\n", Files.readString(workspace.resolve("a.txt")));
        String detail = report.changes().getFirst().detail();
        Path kept = Path.of(detail.substring(detail.indexOf(" is in ") + 7));
        assertTrue(kept.startsWith(record.resolve(WorkspaceSync.CONFLICTS)), kept.toString());
        assertEquals("the container's\n", Files.readString(kept));
        assertTrue(pushed.isEmpty(), "the container keeps its version in this sync");
    }

    @Test
    void aFileDeletedInTheContainerGoesToTheTrashNotAway() throws IOException {
        container.remove("c.txt");

        SyncReport report = sync(SyncDirection.BOTH, false);

        assertFalse(Files.exists(workspace.resolve("c.txt")));
        assertEquals(Action.DELETED_ON_HOST, report.changes().getFirst().action());
        try (var trashed = Files.walk(record.resolve(WorkspaceSync.TRASH))) {
            assertTrue(trashed.anyMatch(path -> path.endsWith("c.txt")));
        }
    }

    @Test
    void aFileDeletedOnTheHostIsDeletedInTheContainer() throws IOException {
        Files.delete(workspace.resolve("src/d.txt"));

        SyncReport report = sync(SyncDirection.BOTH, false);

        assertEquals(List.of("src/d.txt"), deleted);
        assertEquals(Action.DELETED_IN_CONTAINER, report.changes().getFirst().action());
    }

    @Test
    void oneDirectionLeavesTheOthersChangesForLater() throws IOException {
        container.put("a.txt", "the container's\n");
        Files.writeString(workspace.resolve("b.txt"), "the host's\n");

        sync(SyncDirection.FROM_CONTAINER, false);
        assertTrue(pushed.isEmpty());
        assertEquals("the container's\n", Files.readString(workspace.resolve("a.txt")));

        sync(SyncDirection.TO_CONTAINER, false);
        assertEquals(List.of("b.txt"), pushed);
    }

    @Test
    void aDryRunChangesNothing() throws IOException {
        container.put("a.txt", "the container's\n");
        container.remove("c.txt");
        byte[] manifest = Files.readAllBytes(record.resolve(WorkspaceSync.MANIFEST));

        SyncReport report = sync(SyncDirection.BOTH, true);

        assertEquals(2, report.changes().size());
        assertEquals("a.txt as copied\n", Files.readString(workspace.resolve("a.txt")));
        assertTrue(Files.exists(workspace.resolve("c.txt")));
        assertEquals(new String(manifest), Files.readString(record.resolve(WorkspaceSync.MANIFEST)));
    }

    @Test
    void theCopyInTarHoldsTheFilesAndTheReaderReadsThemBack() throws IOException {
        Files.writeString(workspace.resolve("x".repeat(150) + ".txt"), "a long name\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WorkspaceManifest manifest = CopyIn.write(new HostWorkspace(workspace), out, new ArrayList<>());

        Map<String, String> read = new TreeMap<>();
        TarReader reader = new TarReader(new ByteArrayInputStream(out.toByteArray()));
        for (var entry = reader.next(); entry.isPresent(); entry = reader.next()) {
            read.put(entry.get().name(), new String(reader.content().readAllBytes()));
        }
        assertEquals(manifest.files().keySet(), read.keySet());
        assertEquals("a long name\n", read.get("x".repeat(150) + ".txt"));
    }

    private void copyIn() throws IOException {
        Files.createDirectories(record);
        CopyIn.write(new HostWorkspace(workspace), java.io.OutputStream.nullOutputStream(), new ArrayList<>())
                .write(record.resolve(WorkspaceSync.MANIFEST));
    }

    private SyncReport sync(SyncDirection direction, boolean dryRun) throws IOException {
        HostileTar tar = new HostileTar();
        container.forEach(tar::file);
        pushed.clear();
        deleted.clear();
        return new WorkspaceSync(workspace, record, new SyncLimits(1L << 30, 1000)).run(tar.stream(), direction,
                dryRun, (changes, deletions) -> {
                    try (InputStream in = Files.newInputStream(changes)) {
                        TarReader reader = new TarReader(in);
                        for (var entry = reader.next(); entry.isPresent(); entry = reader.next()) {
                            pushed.add(entry.get().name());
                            container.put(entry.get().name(), new String(reader.content().readAllBytes()));
                        }
                    }
                    deleted.addAll(deletions);
                    deletions.forEach(container::remove);
                });
    }
}
