package dev.coi.kernel.cli.resident;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Tells whether a jar the resident runs from was replaced or removed since it started: an upgrade replaces the
 * jars, and a resident still running the old ones would answer with the old coi. The jars are those of the class
 * path, not the code sources of loaded classes: classes from the start-up cache name the jars of the build's
 * training run.
 */
final class InstallationWatch implements BooleanSupplier {

    private final List<Path> jars;
    private final List<Optional<FileTime>> atStart;

    InstallationWatch(List<Path> jars) {
        this.jars = List.copyOf(jars);
        this.atStart = this.jars.stream().map(InstallationWatch::modified).toList();
    }

    /** The jars of this JVM's class path. */
    static InstallationWatch ofClassPath() {
        return new InstallationWatch(Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty()).map(Path::of).toList());
    }

    @Override
    public boolean getAsBoolean() {
        for (int i = 0; i < jars.size(); i++) {
            Optional<FileTime> now = modified(jars.get(i));
            if (now.isEmpty() || !now.equals(atStart.get(i))) {
                return true;
            }
        }
        return false;
    }

    private static Optional<FileTime> modified(Path file) {
        try {
            return Optional.of(Files.getLastModifiedTime(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
