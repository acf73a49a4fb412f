package dev.coi.kernel.workspace;

import dev.coi.kernel.base.LocalFiles;
import dev.coi.kernel.base.LocalTrees;
import dev.coi.kernel.workspace.IncomingTar.Incoming;
import dev.coi.kernel.workspace.SyncReport.Action;
import dev.coi.kernel.workspace.SyncReport.Change;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The three-way sync of a copied workspace: the base (what both sides last agreed on), the container's tar and the
 * host's folder. A side that changed a path while the other did not wins; when both changed it differently, the
 * host's file is never touched and the container's version is kept aside in the record folder. A file the container
 * deleted is moved into the record's trash folder, not deleted. Nothing is done before the whole tar was read and
 * judged, so that a tar over the limits or damaged changes nothing.
 *
 * <p>The record folder ({@code ~/.coi/workspace-copies/<session>}) holds {@value #MANIFEST}, {@value #CONFLICTS}/
 * and {@value #TRASH}/, one folder per sync named by its time.
 */
final class WorkspaceSync {

    static final String MANIFEST = "manifest.json";
    static final String CONFLICTS = "conflicts";
    static final String TRASH = "trash";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** Where the host's changes go into the container. */
    interface ContainerSide {
        /**
         * @param tar the files and links to write in the workspace, relative to it
         * @param deletions the paths to delete there
         */
        void apply(Path tar, List<String> deletions) throws IOException;
    }

    private final HostWorkspace host;
    private final HostWrites writes;
    private final Path record;
    private final SyncLimits limits;
    private final String stamp = LocalDateTime.now().format(STAMP) + "-" + UUID.randomUUID().toString().substring(0, 8);

    WorkspaceSync(Path workspace, Path record, SyncLimits limits) {
        this.host = new HostWorkspace(workspace);
        this.writes = new HostWrites(host);
        this.record = record;
        this.limits = limits;
    }

    /** One path's three versions and what the container sent for it. */
    private record Versions(String path, FileVersion base, FileVersion container, FileVersion local,
            Incoming incoming) {
    }

    SyncReport run(InputStream containerTar, SyncDirection direction, boolean dryRun, ContainerSide container)
            throws IOException {
        WorkspaceManifest base = WorkspaceManifest.read(record.resolve(MANIFEST));
        LocalFiles.privateFolder(record.getParent().getParent(), record);
        Path staging = Files.createDirectory(record.resolve(LocalFiles.WORK_PREFIX + "incoming-" + UUID.randomUUID()),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            IncomingTar.Snapshot snapshot = IncomingTar.read(containerTar, base, staging, limits);
            return new Pass(base, snapshot, direction, dryRun).run(container);
        } finally {
            LocalTrees.delete(staging);
        }
    }

    /** One sync's decisions and their effects. */
    private final class Pass {

        private final WorkspaceManifest base;
        private final IncomingTar.Snapshot snapshot;
        private final SyncDirection direction;
        private final boolean dryRun;
        private final List<Change> changes = new ArrayList<>();
        private final SortedMap<String, FileVersion> next;
        private final SortedMap<String, FileVersion> pushes = new TreeMap<>();
        private final List<String> deletions = new ArrayList<>();

        Pass(WorkspaceManifest base, IncomingTar.Snapshot snapshot, SyncDirection direction, boolean dryRun) {
            this.base = base;
            this.snapshot = snapshot;
            this.direction = direction;
            this.dryRun = dryRun;
            this.next = new TreeMap<>(base.files());
        }

        SyncReport run(ContainerSide container) throws IOException {
            for (String unnamed : snapshot.unnamed()) {
                changes.add(new Change(unnamed, Action.NOT_BROUGHT_BACK, ""));
            }
            for (String path : paths()) {
                decide(versions(path));
            }
            if (!dryRun) {
                push(container);
                new WorkspaceManifest(base.git(), next).write(record.resolve(MANIFEST));
            }
            changes.sort((a, b) -> a.path().compareTo(b.path()));
            return new SyncReport(changes, dryRun);
        }

        private SortedSet<String> paths() throws IOException {
            SortedSet<String> paths = new TreeSet<>(base.files().keySet());
            paths.addAll(snapshot.files().keySet());
            paths.addAll(host.list(base.git() && host.isGitRepository(), new ArrayList<>()));
            return paths;
        }

        private Versions versions(String path) throws IOException {
            FileVersion known = base.get(path);
            Incoming incoming = snapshot.files().get(path);
            FileVersion container = incoming == null ? FileVersion.ABSENT : incoming.version();
            if (incoming == null && path.startsWith(WorkspacePaths.GIT + "/")) {
                // git deletes what it packed or pruned, and a session can delete history: neither reaches the host
                container = known;
            }
            return new Versions(path, known, container, host.version(path, known), incoming);
        }

        private void decide(Versions v) throws IOException {
            if (v.container.sameAs(v.local)) {
                agreed(v.path, v.local);
            } else if (v.container.sameAs(v.base)) {
                hostChanged(v);
            } else if (v.local.sameAs(v.base)) {
                containerChanged(v);
            } else {
                bothChanged(v);
            }
        }

        private void agreed(String path, FileVersion version) {
            if (version.kind() == FileVersion.Kind.FILE || version.kind() == FileVersion.Kind.LINK) {
                next.put(path, version);
            } else {
                next.remove(path);
            }
        }

        private void hostChanged(Versions v) {
            if (!direction.toContainer()) {
                return;
            }
            switch (v.local.kind()) {
                case FILE, LINK -> {
                    pushes.put(v.path, v.local);
                    changes.add(new Change(v.path, Action.TO_CONTAINER, ""));
                    next.put(v.path, v.local);
                }
                case ABSENT -> {
                    deletions.add(v.path);
                    changes.add(new Change(v.path, Action.DELETED_IN_CONTAINER, ""));
                    next.remove(v.path);
                }
                case OTHER -> changes.add(new Change(v.path, Action.CONFLICT, "a " + v.local.describe()
                        + " on the host; the container keeps its version"));
            }
        }

        private void containerChanged(Versions v) throws IOException {
            if (!direction.fromContainer()) {
                return;
            }
            if (refused(v)) {
                return;
            }
            if (!v.container.exists()) {
                String where = dryRun ? trash().resolve(v.path).toString()
                        : writes.moveAside(v.path, trash()).toString();
                changes.add(new Change(v.path, Action.DELETED_ON_HOST, "moved to " + where));
                next.remove(v.path);
                return;
            }
            if (v.local.kind() == FileVersion.Kind.LINK) {
                keepAside(v, "the host has a symbolic link there, which coi never replaces");
                return;
            }
            try {
                if (!dryRun) {
                    writes.write(v.path, v.incoming.blob(), v.container.executable());
                    next.put(v.path, host.version(v.path, FileVersion.ABSENT));
                }
                changes.add(new Change(v.path, Action.TO_HOST, ""));
            } catch (HostWrites.Blocked e) {
                keepAside(v, e.getMessage());
            }
        }

        private void bothChanged(Versions v) throws IOException {
            if (!direction.fromContainer()) {
                changes.add(new Change(v.path, Action.CONFLICT, "changed on both sides; the container keeps its"
                        + " version"));
                return;
            }
            if (refused(v)) {
                return;
            }
            if (!v.container.exists()) {
                changes.add(new Change(v.path, Action.CONFLICT, "deleted in the container, changed on the host: the"
                        + " host's version stays" + (direction.toContainer() ? " and goes back in next sync" : "")));
                next.remove(v.path);
                return;
            }
            keepAside(v, "changed on both sides");
        }

        /**
         * Whether the container's version may not come to the host, which is then said; a folder only when it
         * stands where the host has a link or a file (where it is new, its files come back).
         */
        private boolean refused(Versions v) {
            if (v.incoming == null || v.incoming.refusal().isEmpty()) {
                return false;
            }
            if (v.incoming != IncomingTar.FOLDER || v.local.kind() == FileVersion.Kind.LINK
                    || v.local.kind() == FileVersion.Kind.FILE) {
                changes.add(new Change(v.path, Action.NOT_BROUGHT_BACK, v.incoming.refusal().get()
                        + (v.local.exists() ? "; the host keeps its " + v.local.describe() : "")));
            }
            return true;
        }

        /** The host's file stays; the container's version goes to the conflicts folder and becomes the base. */
        private void keepAside(Versions v, String why) throws IOException {
            Path kept = record.resolve(CONFLICTS).resolve(stamp).resolve(v.path);
            if (!dryRun) {
                Files.createDirectories(kept.getParent());
                Files.copy(v.incoming.blob(), kept);
                Files.setPosixFilePermissions(kept, PosixFilePermissions.fromString("rw-------"));
                next.put(v.path, v.container);
            }
            changes.add(new Change(v.path, Action.CONFLICT, why + "; the host's file is untouched, the container's"
                    + " version is in " + kept));
        }

        private Path trash() {
            return record.resolve(TRASH).resolve(stamp);
        }

        private void push(ContainerSide container) throws IOException {
            if (pushes.isEmpty() && deletions.isEmpty()) {
                return;
            }
            Path tar = record.resolve(LocalFiles.WORK_PREFIX + "outgoing-" + UUID.randomUUID() + ".tar");
            try {
                try (OutputStream out = Files.newOutputStream(tar); TarWriter writer = new TarWriter(out)) {
                    for (var push : pushes.entrySet()) {
                        OutgoingTar.add(writer, host.root(), push.getKey());
                    }
                }
                container.apply(tar, deletions);
            } finally {
                Files.deleteIfExists(tar);
            }
        }
    }

    /** Whether the record folder of a copied workspace exists. */
    static boolean exists(Path record) {
        return Files.isRegularFile(record.resolve(MANIFEST), LinkOption.NOFOLLOW_LINKS);
    }
}
