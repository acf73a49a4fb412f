package dev.coi.kernel.base;

/**
 * Every exit code coi uses, in one place. Commands that run something in a container may also pass that
 * command's own exit code through ({@code coi container exec --capture --format raw}).
 */
public final class ExitCodes {

    /** Done; or the predicate of {@code exists}/{@code running} holds. */
    public static final int OK = 0;
    /** The operation failed, or the predicate does not hold. */
    public static final int FAILURE = 1;
    /** The command line or the configuration is wrong; nothing was done. */
    public static final int USAGE = 2;
    /** {@code coi sync} found files changed on both sides: the host's stayed, the container's were kept aside. */
    public static final int CONFLICT = 3;
    /** Interrupted by Ctrl-C (128 + SIGINT), as shells report it. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
