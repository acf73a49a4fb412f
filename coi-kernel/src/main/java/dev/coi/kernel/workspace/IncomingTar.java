package dev.coi.kernel.workspace;

import dev.coi.kernel.base.CoiException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The container's workspace as a tar stream shows it, judged member by member: clean relative paths only, regular
 * files only brought back, within {@link SyncLimits}. The content of a file that may come back and differs from the
 * base is kept in a staging folder under a number, never under its own name; the rest is only hashed.
 */
final class IncomingTar {

    /** Content up to this size is hashed in memory and written to staging only when it changed. */
    private static final int IN_MEMORY = 1 << 20;

    /**
     * One path of the container.
     *
     * @param version what the container has there
     * @param refusal why it may not be written on the host, when it may not
     * @param blob the staged content, for a file that may come back and differs from the base
     */
    record Incoming(FileVersion version, Optional<String> refusal, Path blob) {
    }

    /**
     * @param files the paths coi can name, by path
     * @param unnamed members whose names are no clean relative paths, each with why it was left out
     */
    record Snapshot(SortedMap<String, Incoming> files, List<String> unnamed) {
    }

    private IncomingTar() {
    }

    static Snapshot read(InputStream stream, WorkspaceManifest base, Path staging, SyncLimits limits)
            throws IOException {
        TarReader tar = new TarReader(stream);
        SortedMap<String, Incoming> files = new TreeMap<>();
        List<String> unnamed = new ArrayList<>();
        long bytes = 0;
        int members = 0;
        for (Optional<TarEntry> next = tar.next(); next.isPresent(); next = tar.next()) {
            TarEntry entry = next.get();
            if (++members > limits.maxFiles()) {
                throw CoiException.failure("the container's workspace holds more than " + limits.maxFiles()
                        + " files and folders, more than coi takes back in one sync (workspace.max_files); nothing"
                        + " was changed on the host. Remove what need not come back (build output, caches), or"
                        + " raise workspace.max_files");
            }
            bytes += entry.size();
            if (bytes > limits.maxBytes()) {
                throw CoiException.failure("the container's workspace holds more than " + limits.maxBytes()
                        + " bytes, more than coi takes back in one sync (workspace.max_size_mb); nothing was changed"
                        + " on the host. Remove what need not come back (build output, caches), or raise"
                        + " workspace.max_size_mb");
            }
            Optional<String> path = WorkspacePaths.clean(entry.name(), entry.readableName());
            if (path.isEmpty()) {
                if (!entry.name().equals(".") && !entry.name().equals("./")) {
                    unnamed.add(printable(entry.name()) + ": not a clean relative path (absolute, '..', control"
                            + " characters or bytes that are not UTF-8)");
                }
                continue;
            }
            Optional<String> scope = WorkspacePaths.outOfScope(path.get());
            if (scope.isPresent()) {
                unnamed.add(path.get() + ": " + scope.get());
                continue;
            }
            if (entry.type() == TarEntry.Type.DIRECTORY) {
                files.put(path.get(), FOLDER);
                continue;
            }
            files.put(path.get(), incoming(path.get(), entry, tar, base.get(path.get()), staging, files.size()));
        }
        // a tar of listed files names no folders: each file's folders are folders all the same
        for (String path : List.copyOf(files.keySet())) {
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                files.putIfAbsent(path.substring(0, slash), FOLDER);
            }
        }
        return new Snapshot(files, unnamed);
    }

    /** A folder of the container: never written as such, its files are. */
    static final Incoming FOLDER = new Incoming(FileVersion.other("folder"),
            Optional.of("the container has a folder here"), null);

    private static Incoming incoming(String path, TarEntry entry, TarReader tar, FileVersion base, Path staging,
            int number) throws IOException {
        return switch (entry.type()) {
            case FILE -> file(path, entry, tar.content(), base, staging.resolve(Integer.toString(number)));
            case SYMLINK -> new Incoming(FileVersion.link(entry.linkTarget()),
                    Optional.of("symbolic links never come back (one could lead anywhere on the host)"), null);
            default -> new Incoming(FileVersion.other(entry.type().describe()),
                    Optional.of("a " + entry.type().describe() + " never comes back, only files do"), null);
        };
    }

    private static Incoming file(String path, TarEntry entry, InputStream content, FileVersion base, Path blob)
            throws IOException {
        Optional<String> refusal = WorkspacePaths.notReturned(path);
        boolean executable = (entry.mode() & 0100) != 0;
        if (entry.size() <= IN_MEMORY) {
            byte[] bytes = content.readAllBytes();
            String digest = HostWorkspace.sha256(new ByteArrayInputStream(bytes));
            FileVersion version = FileVersion.file(digest, bytes.length, 0, executable);
            if (refusal.isPresent() || version.sameAs(base)) {
                return new Incoming(version, refusal, null);
            }
            Files.write(blob, bytes);
            return new Incoming(version, refusal, blob);
        }
        if (refusal.isPresent()) {
            return new Incoming(FileVersion.file(HostWorkspace.sha256(content), entry.size(), 0, executable),
                    refusal, null);
        }
        MessageDigest digest = HostWorkspace.newDigest();
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(blob), digest)) {
            content.transferTo(out);
        }
        FileVersion version = FileVersion.file(HexFormat.of().formatHex(digest.digest()), entry.size(), 0,
                executable);
        if (version.sameAs(base)) {
            Files.delete(blob);
            return new Incoming(version, refusal, null);
        }
        return new Incoming(version, refusal, blob);
    }

    /** A name as a report can print it: control characters and the replacement of bad bytes escaped. */
    static String printable(String name) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\uFFFD') {
                text.append(String.format("\\x%02x", (int) c & 0xff));
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }
}
