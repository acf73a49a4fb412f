package dev.coi.api;

/**
 * A port of the kernel could not do what a plugin asked, for example a container is gone. The message says
 * what failed in words a user understands.
 *
 * @since 0.1.0
 */
public class PortException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     */
    public PortException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what failed
     * @param cause the underlying error
     */
    public PortException(String message, Throwable cause) {
        super(message, cause);
    }
}
