package dev.coi.kernel.sessions;

import dev.coi.kernel.base.LocalFiles;

import dev.coi.kernel.base.CoiException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The saved sessions of one AI tool, one folder each under {@code ~/.coi/sessions-<tool>/}. Names starting
 * with {@code .coi-} are the store's own work in progress and are neither sessions nor saved state.
 */
public final class SessionStore {

    static final String METADATA = "metadata.json";

    /** Session ids are UUIDs; ids of other tools' folders are plain names as well. */
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Path directory;

    public SessionStore(Path coiHome, String toolName) {
        this.directory = coiHome.resolve("sessions-" + toolName);
    }

    public Path directory() {
        return directory;
    }

    /**
     * The folder of a session, whether or not it exists.
     *
     * @throws CoiException when the id is not a plain name (a path, {@code ..}, empty), which would name a
     *                      folder outside the store
     */
    public Path sessionDirectory(String sessionId) {
        if (!isSessionId(sessionId)) {
            throw CoiException.usage("\"" + sessionId + "\" is not a session id: session ids are plain names such as"
                    + " 3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b; see 'coi list --all'");
        }
        return directory.resolve(sessionId);
    }

    public static boolean isSessionId(String sessionId) {
        return sessionId != null && SESSION_ID.matcher(sessionId).matches();
    }

    /** The saved session of that id, when its folder exists. */
    public Optional<SavedSession> find(String sessionId) {
        Path folder = sessionDirectory(sessionId);
        return Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS) ? Optional.of(read(folder)) : Optional.empty();
    }

    /** Every saved session, the most recently saved first. A folder with bad metadata is listed with its problem. */
    public List<SavedSession> list() {
        List<SavedSession> sessions = new ArrayList<>();
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(directory)) {
            for (Path folder : folders) {
                if (isSessionId(folder.getFileName().toString())
                        && Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                    sessions.add(read(folder));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw CoiException.failure("cannot list the saved sessions in " + directory + ": " + e.getMessage());
        }
        sessions.sort(Comparator.comparing((SavedSession session) -> session.savedAt().orElse(Instant.MIN))
                .reversed()
                .thenComparing(SavedSession::id));
        return List.copyOf(sessions);
    }

    /** The most recently saved session whose metadata names this workspace (absolute, normalized). */
    public Optional<SavedSession> newestFor(Path workspace) {
        String wanted = workspace.toAbsolutePath().normalize().toString();
        return list().stream()
                .filter(session -> session.metadata().map(SessionMetadata::workspace).filter(wanted::equals).isPresent())
                .findFirst();
    }

    /** Writes {@code metadata.json} of the session it names (temp file and atomic rename), creating the folder. */
    public void writeMetadata(SessionMetadata metadata) throws IOException {
        Path folder = sessionDirectory(metadata.sessionId());
        LocalFiles.privateFolder(directory.getParent(), folder);
        LocalFiles.writeAtomically(folder.resolve(METADATA), metadata.toJson(), "rw-------");
    }

    /** Deletes a saved session's folder; nothing happens when there is none. */
    public void delete(String sessionId) throws IOException {
        LocalFiles.deleteTree(sessionDirectory(sessionId));
    }

    private static SavedSession read(Path folder) {
        String id = folder.getFileName().toString();
        boolean hasState = hasState(folder);
        Path file = folder.resolve(METADATA);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return new SavedSession(id, folder, Optional.empty(), Optional.of("metadata.json is missing"), hasState);
        }
        try {
            SessionMetadata metadata = SessionMetadata.fromJson(Files.readAllBytes(file));
            return new SavedSession(id, folder, Optional.of(metadata), Optional.empty(), hasState);
        } catch (IOException e) {
            return new SavedSession(id, folder, Optional.empty(),
                    Optional.of("metadata.json cannot be read: " + e.getMessage()), hasState);
        }
    }

    /** Whether anything besides the metadata and the store's work files is in the folder. */
    private static boolean hasState(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(entry -> entry.getFileName().toString())
                    .anyMatch(name -> !name.equals(METADATA) && !name.startsWith(LocalFiles.WORK_PREFIX));
        } catch (IOException e) {
            return false;
        }
    }
}
