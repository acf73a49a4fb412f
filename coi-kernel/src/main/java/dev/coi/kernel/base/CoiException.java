package dev.coi.kernel.base;

/**
 * An error the user can act on: the message says what was wrong and how to fix it, the exit code is one of
 * {@link ExitCodes}. Printed as {@code Error: <message>} without a stack trace.
 */
public class CoiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CoiException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CoiException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    public static CoiException usage(String message) {
        return new CoiException(ExitCodes.USAGE, message);
    }

    public static CoiException failure(String message) {
        return new CoiException(ExitCodes.FAILURE, message);
    }
}
