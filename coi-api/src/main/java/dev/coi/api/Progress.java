package dev.coi.api;

/**
 * Tells the user what is happening while something takes time. Everything goes to standard error.
 *
 * @since 0.1.0
 */
public interface Progress {

    /**
     * A step that is starting, for example {@code Applying network rules}.
     *
     * @param message the step
     */
    void step(String message);

    /**
     * A detail of the current step.
     *
     * @param message the detail
     */
    void info(String message);

    /**
     * Something the user should know that does not stop the work.
     *
     * @param message the warning
     */
    void warn(String message);

    /**
     * How far the current step has come, reported again and again while it runs, for example
     * {@code Image pack: 42% (27.82MB/s)}. On a terminal each report replaces the previous one in place, on a
     * single line that the next message ends; elsewhere only a few reports are printed, as plain lines. The
     * default prints every report as {@link #info(String)}.
     *
     * @param status the progress of the current step
     * @since 0.1.0
     */
    default void status(String status) {
        info(status);
    }
}
