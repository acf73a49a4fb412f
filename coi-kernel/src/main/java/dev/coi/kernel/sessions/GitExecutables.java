package dev.coi.kernel.sessions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of a workspace's repository that decide which programs git runs on the host when the user runs git
 * there: {@code .git} itself (a folder, or a file or link that points git elsewhere), and in the repository and
 * in each submodule's and worktree's folder the config, {@code config.worktree}, {@code commondir},
 * {@code gitdir}, the hooks, {@code info/} and the object alternates; and the {@code .git} of each submodule
 * checkout (found through the index's gitlinks and the submodules' {@code core.worktree}), since git status runs
 * git there too. Read without following any link and without walking objects or refs, so that it takes
 * milliseconds on any repository; a link found on the way is itself an entry.
 */
public final class GitExecutables {

    public static final String GIT = ".git";

    /** Files of a repository folder that are read by themselves; hooks/ and info/ are read whole. */
    private static final List<String> FILES = List.of("config", "config.worktree", "commondir", "gitdir",
            "objects/info/alternates", "objects/info/http-alternates");
    private static final List<String> TREES = List.of("hooks", "info");
    /** How deep submodule names nest before a folder is taken not to be one: a bound against a crafted tree. */
    private static final int MODULE_DEPTH = 16;
    private static final Pattern WORKTREE = Pattern.compile("(?m)^\\s*worktree\\s*=\\s*(\\S.*?)\\s*$");
    private static final Pattern SHA256 = Pattern.compile("(?im)^\\s*objectformat\\s*=\\s*sha256\\s*$");

    enum Kind {
        FILE, LINK, DIRECTORY, OTHER
    }

    /**
     * What one path is.
     *
     * @param kind what it is
     * @param digest for a file its content's SHA-256, for a link its target; empty else
     * @param mode the permission bits (a hook runs only when executable)
     * @param uid its owner
     * @param gid its group
     */
    record Entry(Kind kind, String digest, int mode, int uid, int gid) {

        /** Whether git would see the same: same kind, content and permissions; the owner does not matter. */
        boolean sameAs(Entry other) {
            return kind == other.kind && digest.equals(other.digest) && (kind != Kind.FILE || mode == other.mode);
        }
    }

    /**
     * Where a workspace's repository keeps what git runs, for the mounts that keep a session from changing it.
     *
     * @param gitFolders the repository folders, relative to the workspace: {@code .git} (when it is a real
     *                   folder), each submodule's and each worktree's
     * @param pointers the {@code .git} files that send git to a repository folder: the workspace's own, when its
     *                 {@code .git} is one, and those of the submodules checked out in it
     */
    public record Layout(List<String> gitFolders, List<String> pointers) {
    }

    /**
     * The paths of a repository folder, relative to it, that decide which programs git runs: files read by
     * themselves ({@code config}) and folders read whole ({@code hooks}). What takes a repository's history back
     * from a session must never take these.
     */
    public static List<String> guardedPaths() {
        List<String> guarded = new ArrayList<>(FILES);
        guarded.addAll(TREES);
        guarded.add("worktrees");
        guarded.add("modules");
        return List.copyOf(guarded);
    }

    private final Path workspace;
    private final SortedMap<String, Entry> entries = new TreeMap<>();
    private final List<String> gitFolders = new ArrayList<>();
    private final List<String> pointers = new ArrayList<>();

    private GitExecutables(Path workspace) {
        this.workspace = workspace;
    }

    /** The entries by path relative to the workspace ({@code .git/config}); parents sort before their children. */
    static SortedMap<String, Entry> scan(Path workspace) {
        GitExecutables scan = new GitExecutables(workspace);
        try {
            scan.repository();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return scan.entries;
    }

    /** The repository folders and pointer files of a workspace, read as {@link #scan} reads them. */
    public static Layout layout(Path workspace) {
        GitExecutables scan = new GitExecutables(workspace);
        try {
            scan.repository();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Layout(List.copyOf(scan.gitFolders), List.copyOf(scan.pointers));
    }

    /** What is at this path of the workspace, not following a link; empty when nothing is. */
    static Optional<Entry> entry(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
        int uid = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int gid = (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            return Optional.of(new Entry(Kind.LINK, Files.readSymbolicLink(path).toString(), mode, uid, gid));
        }
        if (attributes.isDirectory()) {
            return Optional.of(new Entry(Kind.DIRECTORY, "", mode, uid, gid));
        }
        if (attributes.isRegularFile()) {
            return Optional.of(new Entry(Kind.FILE, sha256(path), mode, uid, gid));
        }
        return Optional.of(new Entry(Kind.OTHER, "", mode, uid, gid));
    }

    private void repository() throws IOException {
        Optional<Entry> git = entry(workspace.resolve(GIT));
        if (git.isEmpty()) {
            return;
        }
        entries.put(GIT, git.get());
        if (git.get().kind() == Kind.DIRECTORY) {
            gitFolder(GIT, 0);
            for (String link : indexLinks()) {
                checkout(link);
            }
        } else if (git.get().kind() == Kind.FILE) {
            pointers.add(GIT);
        }
    }

    private void gitFolder(String folder, int depth) throws IOException {
        gitFolders.add(folder);
        for (String file : FILES) {
            single(folder + "/" + file);
        }
        for (String tree : TREES) {
            tree(folder + "/" + tree);
        }
        for (String worktree : subfolders(folder + "/worktrees")) {
            gitFolder(worktree, depth + 1);
        }
        modules(folder + "/modules", depth);
    }

    /** Submodule names may hold slashes: a folder with a HEAD is a submodule's repository, any other is a level. */
    private void modules(String folder, int depth) throws IOException {
        if (depth > MODULE_DEPTH) {
            return;
        }
        for (String child : subfolders(folder)) {
            if (Files.exists(workspace.resolve(child + "/HEAD"), LinkOption.NOFOLLOW_LINKS)) {
                gitFolder(child, depth + 1);
                moduleCheckout(child);
            } else {
                modules(child, depth + 1);
            }
        }
    }

    /**
     * The {@code .git} file of a submodule's checkout, found through {@code core.worktree} of its repository
     * folder: when the session rewrites it, git in the checkout reads a repository of the session's making.
     */
    private void moduleCheckout(String module) throws IOException {
        Path config = workspace.resolve(module + "/config");
        if (!Files.isRegularFile(config, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Matcher worktree = WORKTREE.matcher(Files.readString(config, StandardCharsets.ISO_8859_1));
        if (!worktree.find()) {
            return;
        }
        Path checkout = Path.of(module).resolve(worktree.group(1).replace("\"", "")).normalize();
        checkout(checkout.toString());
    }

    /**
     * The {@code .git} of a submodule's checkout: a pointer file, or a repository folder of its own (one that a
     * session may have made and added to the index).
     */
    private void checkout(String path) throws IOException {
        Path relative = Path.of(path).normalize();
        if (relative.isAbsolute() || relative.startsWith("..") || relative.toString().isEmpty()) {
            return;
        }
        String pointer = relative + "/" + GIT;
        if (pointers.contains(pointer) || gitFolders.contains(pointer)) {
            return;
        }
        single(pointer);
        if (linkOnTheWay(pointer) != null) {
            return;
        }
        Path found = workspace.resolve(pointer);
        if (Files.isRegularFile(found, LinkOption.NOFOLLOW_LINKS)) {
            pointers.add(pointer);
        } else if (Files.isDirectory(found, LinkOption.NOFOLLOW_LINKS)) {
            gitFolder(pointer, MODULE_DEPTH);
        }
    }

    /** The gitlinks of the workspace's index: read, because git status runs git in each of them. */
    private List<String> indexLinks() throws IOException {
        Path index = workspace.resolve(GIT + "/index");
        if (!Files.isRegularFile(index, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        Path config = workspace.resolve(GIT + "/config");
        boolean sha256 = Files.isRegularFile(config, LinkOption.NOFOLLOW_LINKS) && SHA256.matcher(
                Files.readString(config, StandardCharsets.ISO_8859_1)).find();
        return GitIndexLinks.of(Files.readAllBytes(index), sha256 ? 32 : 20);
    }

    /** The real folders in a folder (links are entries of their own), when it is a real folder itself. */
    private List<String> subfolders(String folder) throws IOException {
        if (!realFolder(folder)) {
            single(folder);
            return List.of();
        }
        List<String> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(workspace.resolve(folder))) {
            for (Path child : stream) {
                String relative = folder + "/" + child.getFileName();
                if (Files.isSymbolicLink(child)) {
                    single(relative);
                } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    children.add(relative);
                }
            }
        }
        children.sort(null);
        return children;
    }

    /** Every file and link under a folder (or the one entry it is, when it is not a real folder). */
    private void tree(String folder) throws IOException {
        if (!realFolder(folder)) {
            single(folder);
            return;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(workspace.resolve(folder))) {
            for (Path child : stream) {
                String relative = folder + "/" + child.getFileName();
                if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    tree(relative);
                } else if (!isSampleHook(relative) && !relative.endsWith("/info/refs")) {
                    single(relative);
                }
            }
        }
    }

    /**
     * git never runs {@code hooks/*.sample}, and {@code git init} writes a dozen of them; {@code info/refs} is
     * rewritten by every repack (the user's own {@code git gc} while a session runs), for dumb HTTP servers only.
     */
    private static boolean isSampleHook(String relative) {
        int slash = relative.lastIndexOf('/');
        return relative.endsWith(".sample") && relative.substring(0, slash).endsWith("/hooks");
    }

    private boolean realFolder(String relative) throws IOException {
        return linkOnTheWay(relative) == null && Files.isDirectory(workspace.resolve(relative),
                LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Records what is at a path; when a folder on the way (below {@code .git}) is a link, that link instead,
     * because git would read through it.
     */
    private void single(String relative) throws IOException {
        String link = linkOnTheWay(relative);
        String path = link == null ? relative : link;
        entry(workspace.resolve(path)).ifPresent(found -> entries.put(path, found));
    }

    /** The first folder of the path below {@code .git} that is a link, or null. */
    private String linkOnTheWay(String relative) {
        int slash = relative.indexOf('/');
        while (slash > 0) {
            String parent = relative.substring(0, slash);
            if (Files.isSymbolicLink(workspace.resolve(parent))) {
                return parent;
            }
            slash = relative.indexOf('/', slash + 1);
        }
        return null;
    }

    /** Streamed: a file the session made can be of any size. */
    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
