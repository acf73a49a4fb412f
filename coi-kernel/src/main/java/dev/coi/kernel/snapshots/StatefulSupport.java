package dev.coi.kernel.snapshots;

import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.incus.InstanceSnapshot;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Whether Incus can save a container's processes with CRIU (and bring them back), found out before anything is
 * done, so that {@code --stateful} fails with the reason and the fix rather than with CRIU's words half-way.
 * Incus 6 asks for three things: CRIU on the host of the daemon, {@code migration.stateful=true} on the container
 * (API extension {@code container_migration_stateful}), and, to take a snapshot, a running container.
 */
final class StatefulSupport {

    static final String MIGRATION_KEY = "migration.stateful";
    static final String EXTENSION = "container_migration_stateful";

    private final BooleanSupplier criuInstalled;
    private final BooleanSupplier serverWantsMigrationKey;

    StatefulSupport(BooleanSupplier criuInstalled, BooleanSupplier serverWantsMigrationKey) {
        this.criuInstalled = criuInstalled;
        this.serverWantsMigrationKey = serverWantsMigrationKey;
    }

    /** Looks for {@code criu} where the Incus daemon (which runs as root on this host) would find it. */
    static boolean criuOnThisHost(Map<String, String> environment) {
        Set<String> folders = new LinkedHashSet<>(List.of(environment.getOrDefault("PATH", "").split(File.pathSeparator)));
        folders.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        return folders.stream().filter(folder -> !folder.isBlank())
                .map(folder -> Path.of(folder, "criu"))
                .anyMatch(Files::isExecutable);
    }

    /** What stands in the way of a stateful snapshot of the container; empty when nothing does. */
    List<String> createProblems(Instance container) {
        List<String> problems = new ArrayList<>(common(container.name(), container.expandedConfig()));
        if (!container.isRunning()) {
            problems.add("the container is not running (" + container.status() + "), and only a running one has"
                    + " processes to save: start it ('coi container start " + container.name() + "'), or leave out"
                    + " --stateful");
        }
        return problems;
    }

    /** What stands in the way of bringing back the processes saved in the snapshot; empty when nothing does. */
    List<String> restoreProblems(Instance container, InstanceSnapshot snapshot) {
        if (!snapshot.stateful()) {
            return List.of("snapshot '" + snapshot.name() + "' holds no process state (it was not taken with"
                    + " --stateful): restore it without --stateful");
        }
        return common(container.name(), snapshot.config());
    }

    private List<String> common(String container, Map<String, String> config) {
        List<String> problems = new ArrayList<>();
        if (!criuInstalled.getAsBoolean()) {
            problems.add("CRIU, which Incus saves processes with, is not installed on this host: install it"
                    + " (Debian/Ubuntu: 'sudo apt-get install criu'), or leave out --stateful");
        }
        if (serverWantsMigrationKey.getAsBoolean() && !"true".equals(config.get(MIGRATION_KEY))) {
            problems.add("Incus saves the processes of a container only when it has " + MIGRATION_KEY + "=true:"
                    + " 'incus config set " + container + " " + MIGRATION_KEY + "=true'");
        }
        return problems;
    }
}
