package dev.coi.kernel.cli.resident;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Tells whether a file the resident runs from was replaced or removed since it started: an upgrade replaces the
 * jars, and a resident still running the old ones would answer with the old coi.
 */
final class InstallationWatch implements BooleanSupplier {

    private final Path file;
    private final Optional<FileTime> atStart;

    InstallationWatch(Path file) {
        this.file = file;
        this.atStart = modified(file);
    }

    @Override
    public boolean getAsBoolean() {
        return atStart.isEmpty() || !atStart.equals(modified(file));
    }

    private static Optional<FileTime> modified(Path file) {
        try {
            return Optional.of(Files.getLastModifiedTime(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
