package dev.coi.kernel.incus;

import java.nio.file.Path;

/** Incus cannot be reached at all; the message says how to install, start or get access to it. */
public final class IncusUnavailableException extends IncusException {

    private static final long serialVersionUID = 1L;

    /** Why Incus cannot be reached. */
    public enum Reason {
        /** No socket file: Incus is not installed, or not started since boot. */
        NO_SOCKET,
        /** The socket file exists but nothing listens on it: the daemon stopped. */
        NOT_RUNNING,
        /** The socket exists but this user may not use it (EACCES). */
        PERMISSION_DENIED,
        /** Any other failure to connect. */
        OTHER
    }

    private final Reason reason;
    private final transient Path socket;

    IncusUnavailableException(Reason reason, Path socket, String message, Throwable cause) {
        super(message, 0, "", cause);
        this.reason = reason;
        this.socket = socket;
    }

    /**
     * Why Incus cannot be reached.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * The socket that was tried.
     *
     * @return the socket file
     */
    public Path socket() {
        return socket;
    }
}
