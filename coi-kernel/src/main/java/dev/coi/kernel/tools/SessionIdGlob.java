package dev.coi.kernel.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How a declared tool's session id is found in its saved state: the most recently written file matching a glob
 * relative to the state directory, named without its last extension ({@code projects/-workspace/*.jsonl} finds
 * {@code 4f3c...} in {@code projects/-workspace/4f3c....jsonl}).
 *
 * @param glob the pattern, relative, {@code /} between folders
 */
public record SessionIdGlob(String glob) {

    /** Deep enough for any tool's layout; a bound, because the saved state came out of a container. */
    private static final int MAX_DEPTH = 16;

    public SessionIdGlob {
        // fails early for a pattern the file system cannot use
        FileSystems.getDefault().getPathMatcher("glob:" + glob);
    }

    /** @return the id, or empty when no file matches */
    public Optional<String> newest(Path stateDirectory) {
        if (!Files.isDirectory(stateDirectory, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        try (Stream<Path> files = Files.walk(stateDirectory, MAX_DEPTH)) {
            return files.filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
                    .filter(file -> matcher.matches(stateDirectory.relativize(file)))
                    .max(Comparator.comparing(SessionIdGlob::modified).thenComparing(Path::getFileName))
                    .map(file -> withoutExtension(file.getFileName().toString()));
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException("cannot look for the session id in " + stateDirectory,
                    e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
    }

    private static String withoutExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
