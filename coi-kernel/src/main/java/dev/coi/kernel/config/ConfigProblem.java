package dev.coi.kernel.config;

/**
 * One error or warning about the configuration.
 *
 * @param location where: {@code FILE:LINE:COLUMN}, {@code FILE}, {@code env NAME} or {@code flag --name}
 * @param message  what is wrong, naming the key, what was given and what is expected
 */
public record ConfigProblem(String location, String message) {

    /** {@code location: message}, ready to print. */
    @Override
    public String toString() {
        return location + ": " + message;
    }
}
