package dev.coi.kernel.incus.http;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * HTTP over one unix socket. Keeping connections alive for reuse was measured against the Incus socket and saved
 * nothing (a unix-socket connect costs microseconds, the daemon's work milliseconds), so each request connects anew.
 */
public final class UnixSocketHttp extends HttpTransport {

    private final Path socket;

    /**
     * Creates the client; nothing is connected yet.
     *
     * @param socket the socket file
     * @param timeout the default for how long a connect, read or write may wait
     */
    public UnixSocketHttp(Path socket, Duration timeout) {
        super(timeout);
        this.socket = socket;
    }

    @Override
    Connection connect(Duration connectTimeout) throws ConnectFailure {
        try {
            return UnixConnection.open(socket, connectTimeout);
        } catch (IOException e) {
            throw new ConnectFailure(socket.toString(), e);
        }
    }

    @Override
    String host() {
        return "incus";
    }
}
