package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * {@code coi_directory}: coi can write its state ({@code ~/.coi} and the folders in it, such as saved sessions). A
 * folder made by {@code sudo coi ...} belongs to root and is the usual reason it cannot.
 */
public final class CoiDirectoryCheck implements HealthCheck {

    private final Path coiHome;
    private final Predicate<Path> writable;

    public CoiDirectoryCheck(Path coiHome) {
        this(coiHome, Files::isWritable);
    }

    /** @param writable whether this process may write to a folder; tests stand in for root, who may write anywhere */
    CoiDirectoryCheck(Path coiHome, Predicate<Path> writable) {
        this.coiHome = coiHome;
        this.writable = writable;
    }

    @Override
    public String name() {
        return "coi_directory";
    }

    @Override
    public String category() {
        return "STORAGE";
    }

    @Override
    public HealthResult run(HostCommands host, HostProbe probe) {
        if (!Files.exists(coiHome)) {
            Path parent = coiHome.getParent();
            return parent != null && Files.isDirectory(parent) && writable.test(parent)
                    ? HealthResult.ok(coiHome + " does not exist yet; coi makes it when it first needs it")
                    : HealthResult.failed(coiHome + " does not exist and cannot be made",
                            "make it yourself: mkdir -p " + coiHome);
        }
        if (!Files.isDirectory(coiHome)) {
            return HealthResult.failed(coiHome + " is not a folder", "move it away; coi makes the folder again");
        }
        List<Path> readOnly = Stream.concat(Stream.of(coiHome), folders())
                .filter(writable.negate())
                .toList();
        if (!readOnly.isEmpty()) {
            return HealthResult.failed("coi cannot write to " + String.join(", ", readOnly.stream().map(Path::toString)
                            .toList()),
                    "give them back to yourself: sudo chown -R \"$USER\" " + coiHome);
        }
        return HealthResult.ok(coiHome + " is writable");
    }

    private Stream<Path> folders() {
        try (Stream<Path> entries = Files.list(coiHome)) {
            return entries.filter(Files::isDirectory).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + coiHome + ": " + e.getMessage(), e);
        }
    }
}
