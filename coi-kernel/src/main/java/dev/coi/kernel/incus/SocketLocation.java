package dev.coi.kernel.incus;

import dev.coi.kernel.incus.http.HttpTransport;
import dev.coi.kernel.incus.http.UnixSocketHttp;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where the Incus socket is expected, and why there.
 *
 * @param socket the socket file to connect to
 * @param origin where the path came from, for messages, e.g. {@code "INCUS_SOCKET"} or {@code "the default"}
 * @param alsoLookedAt other default places that were checked and held no socket, for messages
 */
public record SocketLocation(Path socket, String origin, List<Path> alsoLookedAt) implements IncusEndpoint {

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

    @Override
    public HttpTransport transport(Duration timeout) {
        return new UnixSocketHttp(socket, timeout);
    }

    @Override
    public String describe() {
        return "the socket " + socket;
    }

    @Override
    public String whenForbidden() {
        return "";
    }

    @Override
    public Optional<String> remoteName() {
        return Optional.empty();
    }

    @Override
    public IncusUnavailableException unavailable(IOException cause) {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            String where = alsoLookedAt.isEmpty()
                    ? "(from " + origin + ")"
                    : "(also looked at " + alsoLookedAt.stream().map(Path::toString)
                    .collect(Collectors.joining(", ")) + ")";
            return new IncusUnavailableException(IncusUnavailableException.Reason.NO_SOCKET,
                    "Incus is not running or not installed: no socket at " + socket + " " + where
                            + ". Install Incus and start it: `sudo scripts/setup-host.sh` in the coi repository sets"
                            + " it up; where Incus is installed, `sudo systemctl start incus` starts it.", cause);
        }
        if (!Files.isWritable(socket) || String.valueOf(cause.getMessage()).contains("Permission denied")) {
            return new IncusUnavailableException(IncusUnavailableException.Reason.PERMISSION_DENIED,
                    "You are not allowed to use the Incus socket " + socket + ": add yourself to the incus-admin"
                            + " group (`sudo usermod -aG incus-admin $USER`), then log out and in again (or run"
                            + " `newgrp incus-admin`).", cause);
        }
        if (cause instanceof ConnectException) {
            return new IncusUnavailableException(IncusUnavailableException.Reason.NOT_RUNNING,
                    "Incus is not running: nothing answers on its socket " + socket + " (connection refused)."
                            + " Start it with `sudo systemctl start incus`, or on a machine without systemd with"
                            + " `sudo scripts/setup-host.sh` in the coi repository.", cause);
        }
        return new IncusUnavailableException(IncusUnavailableException.Reason.OTHER,
                "Cannot connect to Incus at " + socket + ": " + cause.getMessage(), cause);
    }
}
