package dev.coi.kernel.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The workspace folder on the host, read without following any link: which of its files a copy holds, and what
 * each of them is now.
 */
final class HostWorkspace {

    private final Path root;

    HostWorkspace(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** Whether the workspace is a git repository whose history can be copied: its {@code .git} a real folder. */
    boolean isGitRepository() {
        return Files.isDirectory(root.resolve(WorkspacePaths.GIT), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The paths a copy holds: for a repository what {@code git ls-files} lists (tracked, and untracked but not
     * ignored) and everything in {@code .git}; else every file and link. Paths coi does not handle (odd names, a
     * {@code .git} below the top) are left out and named in {@code leftOut}.
     */
    SortedSet<String> list(boolean git, List<String> leftOut) throws IOException {
        SortedSet<String> paths = new TreeSet<>();
        if (git) {
            for (String listed : HostGit.listFiles(root)) {
                add(listed, paths, leftOut);
            }
            walk(root.resolve(WorkspacePaths.GIT), paths, leftOut);
        } else {
            walk(root, paths, leftOut);
        }
        return paths;
    }

    private void add(String path, SortedSet<String> paths, List<String> leftOut) {
        Optional<String> clean = WorkspacePaths.clean(path, true);
        if (clean.isEmpty()) {
            leftOut.add(path + ": a name coi does not copy (control characters, or not a plain relative path)");
        } else if (WorkspacePaths.outOfScope(clean.get()).isPresent()) {
            leftOut.add(path + ": " + WorkspacePaths.outOfScope(clean.get()).get());
        } else {
            paths.add(clean.get());
        }
    }

    private void walk(Path top, SortedSet<String> paths, List<String> leftOut) throws IOException {
        if (!Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                String relative = root.relativize(directory).toString();
                if (!relative.isEmpty() && WorkspacePaths.outOfScope(relative).isPresent()) {
                    leftOut.add(relative + ": " + WorkspacePaths.outOfScope(relative).get());
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile() || attributes.isSymbolicLink()) {
                    add(root.relativize(file).toString(), paths, leftOut);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                leftOut.add(root.relativize(file) + ": cannot be read (" + e.getMessage() + ")");
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * What is at a path now. A file whose size and time are those of {@code known} is taken to be unchanged, as
     * git takes it, and not read again. A path reached through a link or a non-folder is {@code OTHER}: coi never
     * writes through it.
     */
    FileVersion version(String path, FileVersion known) throws IOException {
        Optional<String> blocked = blockedParent(path);
        if (blocked.isPresent()) {
            return FileVersion.other("reached through " + blocked.get());
        }
        Path file = root.resolve(path);
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return FileVersion.ABSENT;
        }
        if (attributes.isSymbolicLink()) {
            return FileVersion.link(Files.readSymbolicLink(file).toString());
        }
        if (!attributes.isRegularFile()) {
            return FileVersion.other(attributes.isDirectory() ? "folder" : "special file");
        }
        long size = attributes.size();
        long mtime = attributes.lastModifiedTime().toMillis();
        boolean executable = attributes.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
        if (known.kind() == FileVersion.Kind.FILE && known.size() == size && known.mtime() == mtime) {
            return FileVersion.file(known.digest(), size, mtime, executable);
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return FileVersion.file(sha256(in), size, mtime, executable);
        }
    }

    /** The first folder on the way to the path that is a link or not a folder, when one is. */
    Optional<String> blockedParent(String path) {
        Path current = root;
        String[] components = path.split("/");
        for (int i = 0; i < components.length - 1; i++) {
            current = current.resolve(components[i]);
            if (Files.isSymbolicLink(current)) {
                return Optional.of("the symbolic link " + root.relativize(current));
            }
            if (Files.exists(current, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(root.relativize(current) + ", which is not a folder");
            }
        }
        return Optional.empty();
    }

    static String sha256(InputStream in) throws IOException {
        MessageDigest digest = newDigest();
        try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
            digesting.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
