package dev.coi.kernel.incus;

/**
 * A background operation that Incus accepted ended in failure or was cancelled; {@link #incusError()} is the
 * operation's {@code err} text and {@link #statusCode()} its status code (400 for a failure).
 */
public final class IncusOperationException extends IncusException {

    private static final long serialVersionUID = 1L;

    IncusOperationException(String message, int statusCode, String incusError) {
        super(message, statusCode, incusError, null);
    }
}
