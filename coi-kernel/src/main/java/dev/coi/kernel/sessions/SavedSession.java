package dev.coi.kernel.sessions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * One folder under {@code ~/.coi/sessions-<tool>/}.
 *
 * @param id the session id, the folder's name
 * @param directory the folder
 * @param metadata what {@code metadata.json} says; empty when it is missing or unreadable
 * @param problem why the metadata is empty, for the user
 * @param hasState whether the folder holds saved tool state besides the metadata
 */
public record SavedSession(String id, Path directory, Optional<SessionMetadata> metadata,
        Optional<String> problem, boolean hasState) {

    /** When it was saved: {@code saved_at} of the metadata, else the folder's modification time. */
    public Optional<Instant> savedAt() {
        if (metadata.isPresent()) {
            return Optional.of(metadata.get().savedAt().toInstant());
        }
        try {
            return Optional.of(Files.getLastModifiedTime(directory).toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The saved copy of the tool's state directory, for example {@code .../<id>/.aider}. */
    public Path stateDirectory(String configDirectory) {
        return directory.resolve(configDirectory);
    }
}
