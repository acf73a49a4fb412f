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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How a declared tool's session id is found in its saved state: the most recently written file matching a glob
 * relative to the state directory, named without its last extension ({@code projects/-workspace/*.jsonl} finds
 * {@code 4f3c...} in {@code projects/-workspace/4f3c....jsonl}); or, with a regular expression, the last part of
 * that name it matches ({@code rollout-2026-12-06T10-00-00-4f3c....jsonl} holds the id after the date). The name
 * comes out of a container, so a name the expression does not match gives no id.
 *
 * @param glob the pattern, relative, {@code /} between folders
 * @param match the part of the name that is the id; empty for the whole name
 */
public record SessionIdGlob(String glob, Optional<Pattern> match) {

    public SessionIdGlob(String glob) {
        this(glob, Optional.empty());
    }

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
                    .flatMap(file -> id(withoutExtension(file.getFileName().toString())));
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException("cannot look for the session id in " + stateDirectory,
                    e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
    }

    private Optional<String> id(String name) {
        if (match.isEmpty()) {
            return Optional.of(name);
        }
        Matcher matcher = match.get().matcher(name);
        String last = null;
        while (matcher.find()) {
            last = matcher.group();
        }
        return Optional.ofNullable(last).filter(id -> !id.isEmpty());
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
