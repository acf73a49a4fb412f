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
}
