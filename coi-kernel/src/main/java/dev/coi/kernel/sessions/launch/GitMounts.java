package dev.coi.kernel.sessions.launch;

import dev.coi.kernel.sessions.GitExecutables;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The disks that keep a session from changing what git on the host runs: {@code .git} mounted on itself, so that
 * it is a mount point the session cannot rename, replace or delete, and read-only mounts over the config, the
 * hooks and {@code info/} of the repository and of each submodule and worktree, and over every {@code .git}
 * pointer file (the workspace's own, and those of checked-out submodules). Files that do not exist yet cannot be
 * mounted over ({@code commondir}, {@code config.worktree}): the {@code GitGuard} undoes those when the session
 * ends. Parents come before their children, as Incus mounts them.
 */
final class GitMounts {

    static final String GIT_DEVICE = "git";
    static final String GIT_HOOKS_DEVICE = "git-hooks";
    static final String GIT_CONFIG_DEVICE = "git-config";
    static final String GIT_INFO_DEVICE = "git-info";

    private static final List<String> FILES = List.of("config", "config.worktree", "commondir", "gitdir");

    /**
     * One disk.
     *
     * @param device the device name
     * @param source the host path
     * @param path the path in the container
     * @param readOnly whether the session cannot write it
     */
    record Mount(String device, Path source, String path, boolean readOnly) {
    }

    private final Path workspace;
    private final List<Mount> mounts = new ArrayList<>();

    private GitMounts(Path workspace) {
        this.workspace = workspace;
    }

    /** The disks for a workspace's repository; none when it has no {@code .git}, or a link there. */
    static List<Mount> of(Path workspace) {
        GitMounts git = new GitMounts(workspace);
        GitExecutables.Layout layout = GitExecutables.layout(workspace);
        for (String folder : layout.gitFolders()) {
            git.folder(folder);
        }
        for (String pointer : layout.pointers()) {
            git.readOnly(pointer);
        }
        return List.copyOf(git.mounts);
    }

    private void folder(String folder) {
        boolean own = folder.equals(GitExecutables.GIT);
        if (own) {
            mounts.add(mount(GIT_DEVICE, folder, false));
        }
        for (String file : FILES) {
            String path = folder + "/" + file;
            if (Files.isRegularFile(workspace.resolve(path), LinkOption.NOFOLLOW_LINKS)) {
                mounts.add(mount(own && file.equals("config") ? GIT_CONFIG_DEVICE : next(), path, true));
            }
        }
        // the repository's own hooks and info are mounted even when missing: the folders are made first
        for (String tree : List.of("hooks", "info")) {
            String path = folder + "/" + tree;
            if (own) {
                mounts.add(mount(tree.equals("hooks") ? GIT_HOOKS_DEVICE : GIT_INFO_DEVICE, path, true));
            } else if (Files.isDirectory(workspace.resolve(path), LinkOption.NOFOLLOW_LINKS)) {
                mounts.add(mount(next(), path, true));
            }
        }
    }

    private void readOnly(String pointer) {
        mounts.add(mount(pointer.equals(GitExecutables.GIT) ? GIT_DEVICE : next(), pointer, true));
    }

    private String next() {
        return "git-ro-" + mounts.size();
    }

    private Mount mount(String device, String relative, boolean readOnly) {
        return new Mount(device, workspace.resolve(relative), SessionMounts.WORKSPACE + "/" + relative, readOnly);
    }
}
