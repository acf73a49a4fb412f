package dev.coi.kernel.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import dev.coi.kernel.cli.CliRun;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.incus.TestInstances;
import dev.coi.kernel.network.Keepers;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The workspace mapping seen from a real session, for an owner with uid 1000 and one without: the agent (code, with
 * sudo) edits the project and the host sees the owner's files; what root in the container makes, a setuid program
 * among it, is never owned by host root; a root-owned workspace is refused before anything is made. The tests
 * give the workspace its owner, so they run as root (as CI does); the owners' ids are delegated to root in
 * /etc/subuid and /etc/subgid by the set-up script's {@code --ci}.
 */
class WorkspaceOwnershipIT {

    @TempDir
    Path root;

    private final IncusClient incus = IncusClient.local(null);
    private final String prefix = TestInstances.PREFIX + "o" + HexFormat.of().toHexDigits(
            ThreadLocalRandom.current().nextInt()).substring(0, 4) + "-";
    private Path home;
    private String image;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "giving a workspace to another owner needs root");
        home = Files.createDirectories(root.resolve("home"));
        String given = System.getProperty("coi.it.sessionImage", "");
        image = given.isBlank() ? SessionTestImage.alias(incus) : given;
    }

    @AfterEach
    void tearDown() {
        incus.instances().stream().map(Instance::name).filter(name -> name.startsWith(prefix))
                .forEach(incus::deleteForcibly);
        if (home != null) {
            Keepers.awaitEnd(home);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1002})
    void theAgentEditsTheProjectAsItsOwnerAndPlantsNothingOfHostRoot(int owner) throws Exception {
        Path workspace = Files.createDirectories(root.resolve("project-" + owner));
        Files.writeString(workspace.resolve("existing.txt"), "from the host\n");
        chown(workspace, owner);

        CliRun run = run(workspace, "sh", "-c", """
                echo edited >>/workspace/existing.txt && touch /workspace/made-by-code && mkdir /workspace/dir &&
                sudo install -m4755 /bin/true /workspace/setuid-by-root &&
                sudo touch /workspace/made-by-root && sudo chmod 6755 /workspace/made-by-root &&
                chmod 4755 /workspace/made-by-code && echo DONE""");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("DONE"), run::toString);
        assertEquals("from the host\nedited\n", Files.readString(workspace.resolve("existing.txt")));
        for (String made : List.of("made-by-code", "dir", "existing.txt")) {
            assertEquals(owner, Files.getAttribute(workspace.resolve(made), "unix:uid"), made);
            assertEquals(owner, Files.getAttribute(workspace.resolve(made), "unix:gid"), made);
        }
        assertEquals(List.of(), ownedByHostRoot(workspace), "nothing in the project belongs to host root");
        for (String byRoot : List.of("setuid-by-root", "made-by-root")) {
            int uid = (Integer) Files.getAttribute(workspace.resolve(byRoot), "unix:uid");
            assertNotEquals(0, uid, byRoot);
            assertTrue(uid >= 100000, byRoot + " belongs to an unprivileged id of the container's range: " + uid);
        }
        assertEquals(0, setIdBits(workspace.resolve("made-by-code")), "the owner's setuid program is defused");
        boolean root = "root".equals(System.getProperty("user.name"));
        for (String byRoot : List.of("setuid-by-root", "made-by-root")) {
            if (root) {
                assertEquals(0, setIdBits(workspace.resolve(byRoot)), byRoot);
            } else {
                assertTrue(run.err().contains(workspace.resolve(byRoot) + " setuid or setgid"), run::toString);
            }
        }
    }

    private static int setIdBits(Path file) throws Exception {
        return (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 06000;
    }

    @Test
    void aWorkspaceOwnedByRootIsRefusedBeforeAnythingIsMade() throws Exception {
        Path workspace = Files.createDirectories(root.resolve("root-project"));

        CliRun run = run(workspace, "true");

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("workspace " + workspace + " is owned by root (uid 0, gid 0); coi does not map"
                + " host root into a container"), run::toString);
        assertTrue(run.err().contains("sudo chown -R USER: " + workspace), run::toString);
        assertEquals(List.of(), incus.instances().stream().map(Instance::name)
                .filter(name -> name.startsWith(prefix)).toList());
    }

    @Test
    void aPersistentContainerOfAnOlderCoiWithAShiftedWorkspaceIsMappedBeforeItStartsAgain() throws Exception {
        Path workspace = Files.createDirectories(root.resolve("kept"));
        chown(workspace, 1002);
        CliRun first = shell(workspace);
        assertEquals(0, first.exitCode(), first::toString);
        String name = sessionContainer();
        incus.stop(name, Duration.ofSeconds(30), true);
        Instance made = incus.instance(name).orElseThrow();
        Map<String, String> shifted = new LinkedHashMap<>(made.devices().get("workspace"));
        shifted.put("shift", "true");
        incus.update(name, Map.of("raw.idmap", ""), Map.of("workspace", shifted));

        CliRun again = shell(workspace);

        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.err().contains("Mapped the workspace owner (uid 1002) to the code user in " + name
                + ", disks no longer shifted: workspace"), again::toString);
        Instance remapped = incus.instance(name).orElseThrow();
        assertEquals("uid 1002 1000\ngid 1002 1000", remapped.config().get("raw.idmap"));
        assertFalse(remapped.devices().get("workspace").containsKey("shift"), remapped.devices()::toString);
        CommandResult byRoot = incus.exec(name, List.of("sh", "-c", "touch /workspace/by-root && stat -c %u /workspace"),
                new ExecOptions(0, 0, "/", Map.of()));
        assertEquals("1000\n", byRoot.stdout(), byRoot::toString);
        assertNotEquals(0, Files.getAttribute(workspace.resolve("by-root"), "unix:uid"));
    }

    private CliRun shell(Path workspace) {
        return CliRun.of(home, Map.of(ContainerNames.PREFIX_VARIABLE, prefix), "shell", "-w", workspace.toString(),
                "--slot", "1", "--persistent", "--background", "--network", "open", "--image", image);
    }

    private String sessionContainer() {
        List<String> names = incus.instances().stream().map(Instance::name).filter(name -> name.startsWith(prefix)).toList();
        assertEquals(1, names.size(), names::toString);
        return names.get(0);
    }

    private CliRun run(Path workspace, String... command) {
        List<String> args = new ArrayList<>(List.of("run", "-w", workspace.toString(), "--network", "open",
                "--image", image, "--"));
        args.addAll(List.of(command));
        return CliRun.of(home, Map.of(ContainerNames.PREFIX_VARIABLE, prefix), args.toArray(String[]::new));
    }

    private static List<String> ownedByHostRoot(Path workspace) throws Exception {
        List<String> found = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(workspace)) {
            for (Path path : paths.toList()) {
                int uid = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                Set<PosixFilePermission> modes = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                if (uid == 0) {
                    found.add(path + " " + modes);
                }
            }
        }
        return found;
    }

    private static void chown(Path directory, int owner) throws Exception {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.toList()) {
                Files.setAttribute(path, "unix:uid", owner);
                Files.setAttribute(path, "unix:gid", owner);
            }
        }
    }
}
