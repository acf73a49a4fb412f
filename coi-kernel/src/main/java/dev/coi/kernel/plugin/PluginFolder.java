package dev.coi.kernel.plugin;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The user's plugin folder, {@code ~/.coi/plugins}: the installed jars and {@code plugins.lock}. Every change
 * reads, changes and writes the lock while holding an exclusive file lock, so two coi processes installing at
 * once do not lose each other's entries.
 */
public final class PluginFolder {

    private static final String MUTEX = ".coi-plugins.mutex";

    private final Path folder;

    public PluginFolder(Path folder) {
        this.folder = folder;
    }

    public Path path() {
        return folder;
    }

    /** The installed plugins, empty when none was ever installed. */
    public PluginLock lock() {
        return PluginLock.read(folder);
    }

    /** Makes coi load the plugin again from the next command on. */
    public LockedPlugin enable(String id) {
        return setEnabled(id, true);
    }

    /** Keeps the plugin installed but no longer loads it. */
    public LockedPlugin disable(String id) {
        return setEnabled(id, false);
    }

    /** Forgets the plugin and deletes its jar (coi's copy; the file it was installed from is left alone). */
    public LockedPlugin remove(String id) {
        return changing(lock -> {
            LockedPlugin plugin = installed(lock, id);
            // the lock is the point of no return: once it no longer names the jar, the jar is never loaded
            lock.without(id).write(folder);
            Files.deleteIfExists(folder.resolve(plugin.file()));
            return plugin;
        });
    }

    private LockedPlugin setEnabled(String id, boolean enabled) {
        return changing(lock -> {
            LockedPlugin changed = installed(lock, id).withEnabled(enabled);
            lock.with(changed).write(folder);
            return changed;
        });
    }

    private LockedPlugin installed(PluginLock lock, String id) {
        return lock.find(id).orElseThrow(() -> CoiException.failure("no installed plugin has the id " + id
                + (lock.plugins().isEmpty() ? " (none is installed)" : "; installed: "
                + String.join(", ", lock.plugins().stream().map(LockedPlugin::id).toList()))
                + ". coi plugin list shows every plugin; bundled plugins cannot be changed"));
    }

    /** A change of the lock, made while no other coi process changes it. */
    interface Change<T> {
        T apply(PluginLock current) throws IOException;
    }

    <T> T changing(Change<T> change) {
        try {
            Files.createDirectories(folder);
            try (FileChannel channel = FileChannel.open(folder.resolve(MUTEX), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock held = channel.lock()) {
                return change.apply(lock());
            }
        } catch (IOException e) {
            throw new CoiException(ExitCodes.FAILURE, "cannot change the plugins in " + folder + ": " + e.getMessage(), e);
        }
    }
}
