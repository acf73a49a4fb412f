package dev.coi.kernel.sessions.manage;

import dev.coi.kernel.sessions.SavedSession;
import dev.coi.kernel.sessions.SessionStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The saved sessions of every tool: one {@link SessionStore} per {@code ~/.coi/sessions-<tool>} folder, so that
 * {@code coi list --all} and {@code coi info} show sessions whatever tool is configured now.
 */
public final class SavedSessions {

    private static final String FOLDER_PREFIX = "sessions-";

    private final Path coiHome;

    public SavedSessions(Path coiHome) {
        this.coiHome = coiHome;
    }

    /** A saved session and the tool whose folder it is in. */
    public record ToolSession(String tool, SavedSession session) {

        public String id() {
            return session.id();
        }

        public Optional<Instant> savedAt() {
            return session.savedAt();
        }
    }

    public SessionStore store(String tool) {
        return new SessionStore(coiHome, tool);
    }

    /** Every saved session of every tool, newest first. */
    public List<ToolSession> list() {
        List<ToolSession> all = new ArrayList<>();
        for (String tool : tools()) {
            store(tool).list().forEach(session -> all.add(new ToolSession(tool, session)));
        }
        all.sort(Comparator.comparing((ToolSession session) -> session.savedAt().orElse(Instant.EPOCH)).reversed());
        return all;
    }

    public Optional<ToolSession> newest() {
        return list().stream().findFirst();
    }

    /**
     * The session of that id, in whichever tool's folder it is.
     *
     * @throws IllegalArgumentException when the id is not a plain folder name
     */
    public Optional<ToolSession> find(String id) {
        for (String tool : tools()) {
            Optional<SavedSession> found = store(tool).find(id);
            if (found.isPresent()) {
                return Optional.of(new ToolSession(tool, found.get()));
            }
        }
        return Optional.empty();
    }

    /** The tools that have a sessions folder, sorted. {@code ~/.coi/sessions} itself is the reference's, unused. */
    List<String> tools() {
        if (!Files.isDirectory(coiHome)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(coiHome)) {
            return children.filter(Files::isDirectory)
                    .map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith(FOLDER_PREFIX) && name.length() > FOLDER_PREFIX.length())
                    .map(name -> name.substring(FOLDER_PREFIX.length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + coiHome, e);
        }
    }

    /**
     * The bytes of a session's saved state: its copy of the tool's state directory, or, when that is not known
     * (no plugin for the tool), everything in the folder but the metadata.
     */
    public static long stateSize(SavedSession session, Optional<String> configDirectory) {
        if (!session.hasState()) {
            return 0;
        }
        if (configDirectory.isPresent()) {
            return size(session.stateDirectory(configDirectory.get()));
        }
        return size(session.directory()) - sizeOf(session.directory().resolve("metadata.json"));
    }

    /** The bytes of all regular files under a folder, not following links. */
    public static long size(Path directory) {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)).mapToLong(SavedSessions::sizeOf).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    private static long sizeOf(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
