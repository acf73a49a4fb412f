package dev.coi.kernel.incus;

/** What a request wanted to create exists already (HTTP 409), e.g. an instance or an image alias. */
public final class IncusConflictException extends IncusException {

    private static final long serialVersionUID = 1L;

    IncusConflictException(String message, String incusError) {
        super(message, 409, incusError, null);
    }
}
