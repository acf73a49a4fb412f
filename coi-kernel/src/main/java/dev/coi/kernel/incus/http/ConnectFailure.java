package dev.coi.kernel.incus.http;

import java.io.IOException;

/**
 * No connection to the server could be made; the cause is the system's reason (ENOENT, ECONNREFUSED, EACCES, an
 * unknown host, a TLS handshake the server or coi refused).
 */
public final class ConnectFailure extends IOException {

    private static final long serialVersionUID = 1L;

    ConnectFailure(String server, IOException cause) {
        super("cannot connect to " + server + ": " + cause.getMessage(), cause);
    }
}
