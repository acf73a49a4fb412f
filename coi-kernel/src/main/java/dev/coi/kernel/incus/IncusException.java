package dev.coi.kernel.incus;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;

/**
 * Incus could not do what was asked. The message says what failed and, where there is one, what to do
 * about it; {@link #incusError()} keeps Incus's own words for callers that look closer.
 * The subclasses name the cases a caller may want to handle on their own.
 */
public class IncusException extends CoiException {

    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final String incusError;

    /**
     * Creates the exception.
     *
     * @param message what failed, for a user
     * @param statusCode the HTTP status or operation status code, 0 when there was none
     * @param incusError Incus's error text, empty when there was none
     * @param cause the underlying error, or null
     */
    public IncusException(String message, int statusCode, String incusError, Throwable cause) {
        super(ExitCodes.FAILURE, message, cause);
        this.statusCode = statusCode;
        this.incusError = incusError == null ? "" : incusError;
    }

    /**
     * The HTTP status of the failed request, or the status code of a failed operation.
     *
     * @return the code, 0 when the request never got an answer
     */
    public int statusCode() {
        return statusCode;
    }

    /**
     * The error text Incus gave.
     *
     * @return the text, empty when there was none
     */
    public String incusError() {
        return incusError;
    }
}
