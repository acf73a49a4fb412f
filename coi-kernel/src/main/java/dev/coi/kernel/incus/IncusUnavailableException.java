package dev.coi.kernel.incus;

/** Incus cannot be reached at all; the message says how to install, start, get access to or trust it. */
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
        /** A remote server refused this client's certificate, or coi refused the server's. */
        NOT_TRUSTED,
        /** Any other failure to connect. */
        OTHER
    }

    private final Reason reason;

    IncusUnavailableException(Reason reason, String message, Throwable cause) {
        super(message, 0, "", cause);
        this.reason = reason;
    }

    /**
     * Why Incus cannot be reached.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
