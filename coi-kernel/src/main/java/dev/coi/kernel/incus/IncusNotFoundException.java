package dev.coi.kernel.incus;

/** What a request named does not exist (HTTP 404), e.g. an instance, image, alias or file. */
public final class IncusNotFoundException extends IncusException {

    private static final long serialVersionUID = 1L;

    IncusNotFoundException(String message, String incusError) {
        super(message, 404, incusError, null);
    }
}
