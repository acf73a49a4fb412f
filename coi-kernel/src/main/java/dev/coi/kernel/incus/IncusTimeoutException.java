package dev.coi.kernel.incus;

/**
 * Incus did not answer, or a background operation did not finish, in the time allowed. The work may still
 * be going on in Incus.
 */
public final class IncusTimeoutException extends IncusException {

    private static final long serialVersionUID = 1L;

    IncusTimeoutException(String message, Throwable cause) {
        super(message, 0, "", cause);
    }
}
