package dev.coi.kernel.sessions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Workspaces of integration tests belong to a normal user, as a user's project does: coi refuses a root-owned
 * workspace (it never maps host root into a container), and the tests run as root in CI.
 */
public final class TestWorkspaces {

    /** The owner given to a test's workspace when the tests run as root; root maps it ({@code root:1000:1}). */
    public static final int OWNER = 1000;

    private TestWorkspaces() {
    }

    /**
     * Gives a folder and everything in it to {@link #OWNER} when the tests run as root; as a normal user the folder
     * is the user's already.
     *
     * @param workspace the folder
     * @return the folder
     */
    public static Path ownedByAUser(Path workspace) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return workspace;
        }
        try (Stream<Path> paths = Files.walk(workspace)) {
            for (Path path : paths.toList()) {
                Files.setAttribute(path, "unix:uid", OWNER, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", OWNER, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return workspace;
    }
}
