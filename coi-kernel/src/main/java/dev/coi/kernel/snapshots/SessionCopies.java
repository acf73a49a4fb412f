package dev.coi.kernel.snapshots;

import dev.coi.kernel.base.LocalTrees;
import dev.coi.kernel.base.LocalFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The host copies of saved sessions taken with snapshots, {@code ~/.coi/snapshots/<container>/<snapshot>/}.
 * A copy is staged beside its final place and renamed into it when complete, so a folder under its final name is
 * always whole. Names starting with {@code .} are coi's own: work in progress ({@code .coi-*}) and the saved
 * sessions a restore replaced ({@code .replaced/}).
 */
public final class SessionCopies {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss");

    private final Path directory;

    public SessionCopies(Path coiHome) {
        this.directory = coiHome.resolve("snapshots");
    }

    public Path directory() {
        return directory;
    }

    Path folder(String container, String snapshot) {
        return directory.resolve(container).resolve(snapshot);
    }

    /** The copy under that container's and snapshot's name, whichever snapshot of that name it was taken with. */
    Optional<SessionCopy> find(String container, String snapshot) throws IOException {
        Path folder = folder(container, snapshot);
        Path file = folder.resolve(SessionCopy.FILE);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(SessionCopy.fromJson(folder, Files.readAllBytes(file)));
    }

    /** The copy taken with exactly this snapshot (same name, taken at the same time). */
    Optional<SessionCopy> of(String container, String snapshot, Instant createdAt) {
        try {
            return find(container, snapshot).filter(copy -> copy.snapshotCreatedAt().equals(createdAt));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A new empty folder to stage a copy in, beside where it will be. */
    Path stage(String container) throws IOException {
        Path parent = LocalFiles.privateFolder(directory.getParent(), directory.resolve(container));
        return Files.createTempDirectory(parent, LocalFiles.WORK_PREFIX + "stage-");
    }

    /**
     * Describes the staged copy and renames it into its place. A folder already there belongs to an earlier
     * snapshot of the same name that is gone (a container of the same name before); it is moved aside, not
     * deleted.
     *
     * @return where the folder that was in the way went, if there was one
     */
    Optional<Path> commit(Path staging, SessionCopy copy) throws IOException {
        LocalFiles.writeAtomically(staging.resolve(SessionCopy.FILE), copy.toJson(), "rw-r--r--");
        Path target = folder(copy.container(), copy.snapshot());
        Optional<Path> movedAside = Optional.empty();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            Path aside = replacedFolder("orphan-" + copy.container() + "-" + copy.snapshot());
            Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
            movedAside = Optional.of(aside);
        }
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        return movedAside;
    }

    /** Removes a folder, a copy or a staging one; nothing happens when there is none. */
    void delete(Path folder) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        // renamed first, so that a deletion that fails half-way leaves no half copy under the snapshot's name
        Path aside = folder.resolveSibling(LocalFiles.WORK_PREFIX + "deleting-" + UUID.randomUUID());
        Files.move(folder, aside, StandardCopyOption.ATOMIC_MOVE);
        LocalTrees.delete(aside);
        removeIfEmpty(folder.getParent());
    }

    /**
     * A new name under {@code .replaced/} for something a restore or a create puts aside: a saved session the
     * snapshot's copy replaced, or a copy whose snapshot is gone. Its parent exists, it does not.
     */
    Path replacedFolder(String what) throws IOException {
        Path parent = Files.createDirectories(directory.resolve(".replaced"));
        String stamp = LocalDateTime.now().format(STAMP);
        Path candidate = parent.resolve(what + "-" + stamp);
        for (int i = 2; Files.exists(candidate, LinkOption.NOFOLLOW_LINKS); i++) {
            candidate = parent.resolve(what + "-" + stamp + "-" + i);
        }
        return candidate;
    }

    /** The folders of containers that no longer exist: their copies can never be restored. */
    List<Path> orphans(Set<String> existingContainers) throws IOException {
        List<Path> orphans = new ArrayList<>();
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(directory)) {
            for (Path folder : folders) {
                String name = folder.getFileName().toString();
                if (!name.startsWith(".") && Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)
                        && !existingContainers.contains(name)) {
                    orphans.add(folder);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return orphans.stream().sorted().toList();
    }

    private static void removeIfEmpty(Path folder) {
        try {
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            // not empty: other snapshots' copies (or work in progress) are in it
        }
    }
}
