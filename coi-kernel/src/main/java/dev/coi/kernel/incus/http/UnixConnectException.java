package dev.coi.kernel.incus.http;

import java.io.IOException;
import java.nio.file.Path;

/** No connection to the socket could be made; the cause is the system's reason (ENOENT, ECONNREFUSED, EACCES). */
public final class UnixConnectException extends IOException {

    private static final long serialVersionUID = 1L;

    UnixConnectException(Path socket, IOException cause) {
        super("cannot connect to " + socket + ": " + cause.getMessage(), cause);
    }
}
