package dev.coi.kernel.workspace;

import dev.coi.kernel.sessions.GitExecutables;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which paths of a copied workspace coi handles, and which of them may come back from the container to the host.
 * The same rules judge the host's files and the container's, so that a file coi leaves out on one side is never
 * taken for one deleted on the other.
 *
 * <p>Of the repository folder only history comes back: objects, refs, their logs, {@code HEAD},
 * {@code packed-refs} and the index. Everything else there, the config, hooks, {@code info/}, {@code commondir},
 * the object alternates, is what makes host git run a program or read a folder the session chose
 * ({@link GitExecutables#guardedPaths()}), and a {@code .git} anywhere else would be a repository of the session's
 * making inside the user's.
 */
public final class WorkspacePaths {

    public static final String GIT = GitExecutables.GIT;
    private static final List<String> HISTORY_FILES = List.of("HEAD", "ORIG_HEAD", "packed-refs", "index",
            "COMMIT_EDITMSG");
    private static final List<String> HISTORY_TREES = List.of("objects", "refs", "logs");
    /** Linux's NAME_MAX. */
    private static final int MAX_COMPONENT = 255;

    private WorkspacePaths() {
    }

    /**
     * The path in the plain form coi records (no {@code ./} in front, no {@code /} behind), or empty when it is not
     * a clean relative path: absolute, with {@code .} or {@code ..} or empty components, control characters
     * (newlines), bytes that are not UTF-8, or longer than Linux allows.
     */
    public static Optional<String> clean(String name, boolean readable) {
        String path = name;
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!readable || path.isEmpty() || path.startsWith("/") || path.length() > TarReader.MAX_NAME) {
            return Optional.empty();
        }
        for (String component : path.split("/", -1)) {
            if (component.isEmpty() || component.equals(".") || component.equals("..")
                    || component.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_COMPONENT) {
                return Optional.empty();
            }
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\uFFFD') {
                return Optional.empty();
            }
        }
        return Optional.of(path);
    }

    /** Why coi neither copies nor syncs this clean path at all: a {@code .git} below the workspace's top. */
    public static Optional<String> outOfScope(String path) {
        String[] components = path.split("/");
        for (int i = 1; i < components.length; i++) {
            if (isGitName(components[i])) {
                return Optional.of("a .git inside the workspace is a repository of its own, which host git would"
                        + " enter with its own config and hooks");
            }
        }
        if (isGitName(components[0]) && !components[0].equals(GIT)) {
            return Optional.of("a name like .git could be read as the repository folder by git on another file"
                    + " system");
        }
        return Optional.empty();
    }

    /** Why a file of the container at this clean path may not be written on the host; empty when it may. */
    public static Optional<String> notReturned(String path) {
        Optional<String> scope = outOfScope(path);
        if (scope.isPresent()) {
            return scope;
        }
        if (path.equals(GIT)) {
            return Optional.of("a .git file sends git to another folder");
        }
        if (!path.startsWith(GIT + "/")) {
            return Optional.empty();
        }
        String inGit = path.substring(GIT.length() + 1);
        for (String guarded : GitExecutables.guardedPaths()) {
            if (inGit.equals(guarded) || inGit.startsWith(guarded + "/")) {
                return Optional.of("git's " + guarded + " can make git on the host run programs");
            }
        }
        if (HISTORY_FILES.contains(inGit)) {
            return Optional.empty();
        }
        for (String tree : HISTORY_TREES) {
            if (inGit.startsWith(tree + "/")) {
                return Optional.empty();
            }
        }
        return Optional.of("only history (objects, refs, logs, HEAD, packed-refs, the index) comes back from .git");
    }

    /** {@code .git} in any case: case-insensitive file systems (and git on them) take {@code .GIT} for it. */
    private static boolean isGitName(String component) {
        return component.toLowerCase(Locale.ROOT).equals(GIT);
    }
}
