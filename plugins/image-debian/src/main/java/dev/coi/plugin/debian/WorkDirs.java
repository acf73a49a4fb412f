package dev.coi.plugin.debian;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Deletes build directories that may hold a root filesystem, never anything mounted into them. */
public final class WorkDirs {

    private WorkDirs() {
    }

    /**
     * Deletes a directory tree, for example an {@link OfflineBuildRequest#workDir()} after the build. Refuses when
     * anything is mounted at or below it: deleting a tree into which the host's {@code /dev} is still bound
     * would delete the host's device files. {@code rm --one-file-system} is the second line of defence.
     *
     * @param dir the directory; missing is fine
     * @throws IllegalStateException when something is mounted below it, or it cannot be deleted
     * @throws InterruptedException when interrupted
     */
    public static void delete(Path dir) throws InterruptedException {
        Path absolute = dir.toAbsolutePath().normalize();
        if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> mounts = MountTable.mountsUnder(absolute);
        if (!mounts.isEmpty()) {
            throw new IllegalStateException("not deleting " + absolute + ": " + mounts
                    + " still mounted there; unmount them first (umount -l PATH)");
        }
        StringBuilder output = new StringBuilder();
        Consumer<String> collect = line -> output.append(line).append('\n');
        int exitCode = HostCommand.run(List.of("rm", "-rf", "--one-file-system", "--", absolute.toString()), null,
                collect);
        if (exitCode != 0 || Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalStateException("could not delete " + absolute + ": " + output.toString().strip());
        }
    }
}
