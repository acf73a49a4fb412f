package dev.coi.kernel.sessions;

import dev.coi.kernel.base.LocalFiles;

import dev.coi.api.Progress;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.LocalTrees;
import dev.coi.kernel.sessions.GitExecutables.Entry;
import dev.coi.kernel.sessions.GitExecutables.Kind;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Keeps a session from leaving in the workspace's repository anything that makes git on the host run a program
 * the session chose (a hook, a {@code core.fsmonitor} or alias in a config, a {@code commondir} or {@code .git}
 * file that sends git to a folder the session wrote). The read-only mounts make that hard; this is the check
 * behind them, for what cannot be mounted over (files that did not exist yet, a {@code .git} that was copied).
 *
 * <p>When a session starts, the files of {@link GitExecutables} are recorded, with a copy of each, in a private
 * folder of {@code ~/.coi/git-guard}. When it ends, and before another session starts in the same workspace, the
 * repository is compared with that record: what changed or was added is moved into a quarantine folder there
 * (never deleted), what was there before is put back, and a warning names each file and where its moved copy is.
 * The record is dropped when no session of the workspace runs any more, so that the user's own changes between
 * sessions become the next record.
 */
public final class GitGuard {

    static final String FOLDER = "git-guard";
    private static final String RECORD = "record";
    private static final String MANIFEST = "manifest.properties";
    private static final String COPIES = "files";
    private static final String QUARANTINE = "quarantine";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path coiHome;
    private final Progress progress;

    public GitGuard(Path coiHome, Progress progress) {
        this.coiHome = coiHome;
        this.progress = progress;
    }

    /**
     * What was found and done for one path.
     *
     * @param path relative to the workspace
     * @param change what the session did to it
     * @param movedTo where what the session left there now is, when something was
     */
    public record Finding(String path, String change, Optional<Path> movedTo) {

        String describe() {
            return path + ": " + change + movedTo.map(moved -> "; what the session left is in " + moved).orElse("");
        }
    }

    /**
     * Before a session starts in a workspace: what a session left since the record was made is undone (a session
     * that still runs, or one whose end was not seen); then, unless another session of it runs, the repository as
     * it is now becomes the record.
     *
     * @throws CoiException when the record cannot be written, since the session could then not be checked
     */
    public void beforeSession(Path workspace, boolean othersRunning) {
        try {
            if (Files.isDirectory(record(workspace), LinkOption.NOFOLLOW_LINKS)) {
                check(workspace);
                if (othersRunning) {
                    return;
                }
            }
            write(workspace);
        } catch (IOException | UncheckedIOException e) {
            throw CoiException.failure("cannot check or record the git config and hooks of " + workspace + " in "
                    + folder(workspace) + ", which keeps sessions from leaving there what host git would run: "
                    + e.getMessage() + ". Look at " + workspace.resolve(GitExecutables.GIT) + " yourself (config,"
                    + " commondir, hooks, info), then remove " + record(workspace) + " to start afresh (or set"
                    + " security.protect_git = false, which drops this guard)");
        }
    }

    /**
     * When a session of the workspace ended: what it left is undone; the record is dropped when no other
     * session of the workspace runs. Problems are reported, not thrown: the session's end goes on.
     */
    public void afterSession(Path workspace, boolean othersRunning) {
        if (!Files.isDirectory(record(workspace), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            check(workspace);
            if (!othersRunning) {
                LocalTrees.delete(record(workspace));
            }
        } catch (IOException | UncheckedIOException e) {
            progress.warn("could not check " + workspace.resolve(GitExecutables.GIT) + " against its state before"
                    + " the session: " + e.getMessage() + ". Do not run git in " + workspace + " before you have"
                    + " looked at its .git/config, .git/commondir, .git/hooks and .git/info yourself");
        }
    }

    /** Compares the repository with the record, undoes what differs and warns about each path; the findings. */
    List<Finding> check(Path workspace) throws IOException {
        Path record = record(workspace);
        SortedMap<String, Entry> before = readManifest(record.resolve(MANIFEST));
        Repair repair = new Repair(workspace, record.resolve(COPIES), folder(workspace).resolve(QUARANTINE)
                .resolve(LocalDateTime.now().format(STAMP) + "-" + UUID.randomUUID().toString().substring(0, 8)));
        SortedMap<String, Entry> now = GitExecutables.scan(workspace);
        if (repair.path(GitExecutables.GIT, before.get(GitExecutables.GIT), now.get(GitExecutables.GIT))) {
            now = GitExecutables.scan(workspace);
        }
        if (!now.containsKey(GitExecutables.GIT)) {
            // the folder is gone: a config and hooks alone would make no repository, only a trap for git
            before.clear();
        }
        TreeSet<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(now.keySet());
        paths.remove(GitExecutables.GIT);
        for (String path : paths) {
            repair.path(path, before.get(path), now.get(path));
        }
        if (!repair.findings.isEmpty()) {
            warn(workspace, repair.findings);
        }
        return repair.findings;
    }

    private void warn(Path workspace, List<Finding> findings) {
        StringBuilder message = new StringBuilder("the session changed files of the git repository in " + workspace
                + " that make git on this host run programs; coi put back what was there before the session:");
        for (Finding finding : findings) {
            message.append("\n  ").append(finding.describe());
        }
        message.append("\nNothing was deleted; read the moved files before you use any of them.");
        progress.warn(message.toString());
    }

    /** Writes the record of the repository as it is now: the manifest and a copy of each file and link. */
    void write(Path workspace) throws IOException {
        Path folder = folder(workspace);
        Path guard = coiHome.resolve(FOLDER);
        Files.createDirectories(guard);
        Files.setPosixFilePermissions(guard, PosixFilePermissions.fromString("rwx------"));
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("workspace"), workspace + "\n");
        Path staging = folder.resolve(LocalFiles.WORK_PREFIX + RECORD + "-" + UUID.randomUUID());
        try {
            Files.createDirectory(staging);
            SortedMap<String, Entry> entries = GitExecutables.scan(workspace);
            Properties manifest = new Properties();
            for (var entry : entries.entrySet()) {
                Entry value = entry.getValue();
                manifest.setProperty(entry.getKey(), value.kind() + " " + Integer.toOctalString(value.mode()) + " "
                        + value.uid() + " " + value.gid() + " " + value.digest());
                Path copy = staging.resolve(COPIES).resolve(entry.getKey());
                if (value.kind() == Kind.FILE) {
                    Files.createDirectories(copy.getParent());
                    Files.copy(workspace.resolve(entry.getKey()), copy, LinkOption.NOFOLLOW_LINKS);
                    // a copy of a hook must not be runnable where it is kept
                    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
                }
            }
            StringWriter text = new StringWriter();
            manifest.store(text, "git files of " + workspace + " before the session");
            LocalFiles.writeAtomically(staging.resolve(MANIFEST), text.toString().getBytes(StandardCharsets.UTF_8),
                    "rw-------");
            Path record = folder.resolve(RECORD);
            Path old = folder.resolve(LocalFiles.WORK_PREFIX + "old-" + UUID.randomUUID());
            if (Files.exists(record, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(record, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staging, record, StandardCopyOption.ATOMIC_MOVE);
            LocalTrees.delete(old);
        } finally {
            LocalTrees.delete(staging);
        }
    }

    private static SortedMap<String, Entry> readManifest(Path manifest) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(manifest)) {
            properties.load(reader);
        }
        SortedMap<String, Entry> entries = new TreeMap<>();
        for (String path : properties.stringPropertyNames()) {
            String[] fields = properties.getProperty(path).split(" ", 5);
            if (fields.length != 5) {
                throw new IOException("the record " + manifest + " is damaged at " + path);
            }
            entries.put(path, new Entry(Kind.valueOf(fields[0]), fields[4], Integer.parseInt(fields[1], 8),
                    Integer.parseInt(fields[2]), Integer.parseInt(fields[3])));
        }
        return entries;
    }

    /** The private folder of one workspace: named by a hash of its path. */
    Path folder(Path workspace) {
        return coiHome.resolve(FOLDER).resolve(GitExecutables.sha256(workspace.toString()).substring(0, 24));
    }

    private Path record(Path workspace) {
        return folder(workspace).resolve(RECORD);
    }

    /** Puts paths back as the record has them, moving what is in the way into the quarantine folder. */
    private static final class Repair {

        private final Path workspace;
        private final Path copies;
        private final Path quarantine;
        private final List<Finding> findings = new ArrayList<>();

        Repair(Path workspace, Path copies, Path quarantine) {
            this.workspace = workspace;
            this.copies = copies;
            this.quarantine = quarantine;
        }

        /** @return whether something was done */
        boolean path(String path, Entry before, Entry now) throws IOException {
            if (before == null && now == null || before != null && now != null && before.sameAs(now)) {
                return false;
            }
            if (before == null && now.kind() == Kind.DIRECTORY) {
                // a repository the session made (git init): it stays, what in it could run is moved out one by one
                return false;
            }
            if (before != null && before.kind() != Kind.FILE && before.kind() != Kind.LINK) {
                // only .git is recorded as a folder: its content cannot come back from the record
                Optional<Path> moved = now == null ? Optional.empty() : Optional.of(moveAway(path));
                findings.add(new Finding(path, (now == null ? "removed" : "replaced") + " by the session; coi cannot"
                        + " put the folder back: do not run git in " + workspace + " before you have looked at it",
                        moved));
                return true;
            }
            Optional<Path> moved = now == null ? Optional.empty() : Optional.of(moveAway(path));
            String change;
            if (before == null) {
                change = "added by the session; moved out";
            } else {
                put(path, before);
                change = (now == null ? "removed" : "changed") + " by the session; put back as it was";
            }
            findings.add(new Finding(path, change, moved));
            return true;
        }

        /** Moves a path (a file, a link or a folder, never followed) into the quarantine folder. */
        private Path moveAway(String path) throws IOException {
            Path source = workspace.resolve(path);
            Path target = quarantine.resolve(path);
            Files.createDirectories(target.getParent());
            Files.setPosixFilePermissions(quarantine, PosixFilePermissions.fromString("rwx------"));
            try {
                Files.move(source, target, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                // a folder cannot be renamed across file systems: copied, then deleted
                if (!Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                    throw e;
                }
                copyTree(source, target);
                LocalTrees.delete(source);
            }
            return target;
        }

        /** Writes a recorded file or link back, through real folders only. */
        private void put(String path, Entry entry) throws IOException {
            Path target = workspace.resolve(path);
            Path parent = realFolders(path);
            Path temp = parent.resolve(LocalFiles.WORK_PREFIX + "restore-" + UUID.randomUUID());
            if (entry.kind() == Kind.LINK) {
                Files.createSymbolicLink(temp, Path.of(entry.digest()));
            } else {
                Files.copy(copies.resolve(path), temp);
                Files.setAttribute(temp, "unix:mode", entry.mode());
                own(temp, entry.uid(), entry.gid());
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }

        /** The folder of a path, every folder on the way made a real one: a link or file in the way is moved out. */
        private Path realFolders(String path) throws IOException {
            Path folder = workspace;
            String[] parts = path.split("/");
            StringBuilder relative = new StringBuilder();
            for (int i = 0; i < parts.length - 1; i++) {
                relative.append(i == 0 ? "" : "/").append(parts[i]);
                Path owner = folder;
                folder = folder.resolve(parts[i]);
                if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
                    findings.add(new Finding(relative.toString(), "put in the way by the session; moved out",
                            Optional.of(moveAway(relative.toString()))));
                }
                Files.createDirectory(folder);
                own(folder, (Integer) Files.getAttribute(owner, "unix:uid"),
                        (Integer) Files.getAttribute(owner, "unix:gid"));
            }
            return folder;
        }

        /** As root, a file written back belongs to whom it belonged; as anyone else it is theirs anyway. */
        private static void own(Path path, int uid, int gid) throws IOException {
            if ((Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS) == uid
                    && (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS) == gid) {
                return;
            }
            try {
                Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                // not root: the file stays the user's own
            }
        }

        private static void copyTree(Path source, Path target) throws IOException {
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes)
                        throws IOException {
                    Files.createDirectories(target.resolve(source.relativize(directory).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.copy(file, target.resolve(source.relativize(file).toString()), LinkOption.NOFOLLOW_LINKS);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
    }
}
