package dev.coi.kernel.incus;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Finds the Incus unix socket the way the {@code incus} command line (Incus's Go client,
 * {@code ConnectIncusUnix}) does, with coi's own setting in front:
 * <ol>
 *   <li>the setting {@code incus.socket}, when given and not blank;</li>
 *   <li>{@code $INCUS_SOCKET}, when set and not empty;</li>
 *   <li>{@code $INCUS_DIR/unix.socket}, when {@code INCUS_DIR} is set and not empty;</li>
 *   <li>{@code /run/incus/unix.socket} when that file exists (checked without following links, like
 *       {@code lstat}), else {@code /var/lib/incus/unix.socket}.</li>
 * </ol>
 * Unlike the Go client, the restricted {@code unix.socket.user} of {@code incus-user} is never chosen: coi
 * needs what only the admin socket allows (devices, raw id maps, nesting), so a user without access to it
 * is told how to get it.
 */
public final class SocketLocator {

    /** The socket of packages that run Incus from {@code /run}, checked first by the Go client. */
    public static final Path RUN_SOCKET = Path.of("/run/incus/unix.socket");

    /** The socket of Debian's and most other packages. */
    public static final Path VAR_LIB_SOCKET = Path.of("/var/lib/incus/unix.socket");

    private final Function<String, String> environment;
    private final Predicate<Path> exists;

    /**
     * Creates a locator over the given environment and file system, e.g. fakes in tests.
     *
     * @param environment looks up an environment variable, null when unset
     * @param exists whether a file exists (without following a final link)
     */
    public SocketLocator(Function<String, String> environment, Predicate<Path> exists) {
        this.environment = environment;
        this.exists = exists;
    }

    /**
     * A locator over this process's environment and the real file system.
     *
     * @return the locator
     */
    public static SocketLocator ofSystem() {
        return new SocketLocator(System::getenv, path -> Files.exists(path, LinkOption.NOFOLLOW_LINKS));
    }

    /**
     * Decides which socket to use. Only the default case looks at the file system.
     *
     * @param configured the value of the setting {@code incus.socket}, or null or blank when not set
     * @return the location
     */
    public SocketLocation locate(String configured) {
        if (configured != null && !configured.isBlank()) {
            return new SocketLocation(Path.of(configured.strip()), "the setting incus.socket", List.of());
        }
        String socket = environment.apply("INCUS_SOCKET");
        if (socket != null && !socket.isEmpty()) {
            return new SocketLocation(Path.of(socket), "INCUS_SOCKET", List.of());
        }
        String dir = environment.apply("INCUS_DIR");
        if (dir != null && !dir.isEmpty()) {
            return new SocketLocation(Path.of(dir, "unix.socket"), "INCUS_DIR", List.of());
        }
        if (exists.test(RUN_SOCKET)) {
            return new SocketLocation(RUN_SOCKET, "the default", List.of());
        }
        return new SocketLocation(VAR_LIB_SOCKET, "the default", List.of(RUN_SOCKET));
    }
}
