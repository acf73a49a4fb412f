package dev.coi.api;

/**
 * An {@link ImageBase} could not build the image: this host cannot (not root, a program missing) or a step
 * failed. The message says what failed and how to fix it, in words a user understands.
 *
 * @since 0.2.0
 */
public class ImageBuildException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     */
    public ImageBuildException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what failed
     * @param cause the underlying error
     */
    public ImageBuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
