package dev.coi.kernel.incus;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where the Incus socket is expected, and why there.
 *
 * @param socket the socket file to connect to
 * @param origin where the path came from, for messages, e.g. {@code "INCUS_SOCKET"} or {@code "the default"}
 * @param alsoLookedAt other default places that were checked and held no socket, for messages
 */
public record SocketLocation(Path socket, String origin, List<Path> alsoLookedAt) {

    /**
     * Checks and copies the components.
     *
     * @param socket the socket file
     * @param origin where the path came from
     * @param alsoLookedAt other places checked
     */
    public SocketLocation {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(origin, "origin");
        alsoLookedAt = List.copyOf(alsoLookedAt);
    }

    /**
     * A socket given explicitly, e.g. by a test.
     *
     * @param socket the socket file
     * @return the location
     */
    public static SocketLocation of(Path socket) {
        return new SocketLocation(socket, "the caller", List.of());
    }
}
