package dev.coi.api;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where saved AI-tool sessions live and how files are written there.
 *
 * @since 0.1.0
 */
public non-sealed interface SessionStorage extends Extension {

    /**
     * The folder that holds one sub-folder per saved session of a tool.
     *
     * @param toolName the tool, for example {@code claude}
     * @return the folder, for example {@code ~/.coi/sessions-claude}
     */
    Path sessionsDirectory(String toolName);

    /**
     * Replaces a file so that a reader sees either the old or the new content, never a part of it.
     *
     * @param target the file to write
     * @param content the new content
     * @throws IOException when the file could not be written; the old content is then still in place
     */
    void writeAtomically(Path target, byte[] content) throws IOException;
}
