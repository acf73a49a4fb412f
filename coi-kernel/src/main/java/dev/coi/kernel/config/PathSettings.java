package dev.coi.kernel.config;

import java.nio.file.Path;

/**
 * The {@code [paths]} settings, absolute with {@code ~} expanded. Loading the configuration does not create them.
 *
 * @param sessionsDir where saved sessions live
 * @param storageDir  where coi keeps its own state
 * @param logsDir     where coi writes logs
 */
public record PathSettings(Path sessionsDir, Path storageDir, Path logsDir) {
}
