package dev.coi.kernel.plugin;

/**
 * A plugin that could not be loaded and was skipped.
 *
 * @param where the jar or provider class that failed
 * @param message why, in words that tell the user what to do
 */
public record PluginProblem(String where, String message) {
}
