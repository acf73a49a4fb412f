package dev.coi.dist;

import dev.coi.kernel.network.Keepers;
import dev.coi.kernel.cli.CliRun;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.incus.TestInstances;
import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.TestWorkspaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Runs {@code coi shell} and {@code coi run} in memory for integration tests, with a container prefix of the test's
 * own (under {@link TestInstances#PREFIX}) so that its containers are found, and removed, whatever happens.
 */
final class SessionContainersFixture implements AutoCloseable {

    final IncusClient incus = IncusClient.local(null);
    final String prefix = TestInstances.PREFIX + "s" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt())
            + "-";
    final Path home;
    final Path workspace;

    SessionContainersFixture(Path home) throws IOException {
        this.home = home;
        this.workspace = TestWorkspaces.ownedByAUser(Files.createDirectories(home.resolve("project")));
    }

    CliRun coi(String... args) {
        return CliRun.of(home, Map.of(ContainerNames.PREFIX_VARIABLE, prefix), withWorkspace(args));
    }

    private String[] withWorkspace(String... args) {
        return Stream.concat(Stream.of(args[0], "-w", workspace.toString()), Stream.of(args).skip(1))
                .toArray(String[]::new);
    }

    String name(int slot) {
        return new ContainerNames(prefix).name(workspace, slot);
    }

    /** The instances this test made. */
    List<Instance> containers() {
        return incus.instances().stream().filter(instance -> instance.name().startsWith(prefix)).toList();
    }

    List<String> containerNames() {
        return containers().stream().map(Instance::name).sorted().toList();
    }

    @Override
    public void close() {
        for (Instance instance : containers()) {
            incus.deleteForcibly(instance.name());
        }
        Keepers.awaitEnd(home);
    }
}
