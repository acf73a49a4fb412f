package dev.coi.kernel.sessions;

import static dev.coi.kernel.sessions.SessionTestBed.assertExit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coi.kernel.cli.CoiTerminal;
import dev.coi.kernel.incus.NestedCluster;
import dev.coi.kernel.incus.TestImage;
import dev.coi.kernel.incus.TestInstances;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clusters: a real one-member cluster ({@link NestedCluster}, an Incus daemon in a container of this machine's) for
 * {@code --target} and the member in {@code coi list}, and this machine's daemon, which is no cluster, for the
 * refusal of a target.
 */
class ClusterIT {

    private static final String REMOTE = NestedCluster.REMOTE;
    private static final String MEMBER = NestedCluster.MEMBER;
    private static final String BUSYBOX = "coi-test-busybox";

    @TempDir
    static Path shared;

    @TempDir
    Path root;

    private static NestedCluster cluster;
    private SessionTestBed bed;

    @BeforeAll
    static void makeTheCluster() throws IOException {
        cluster = NestedCluster.open(shared, TestInstances.PREFIX);
        cluster.importImage(TestImage.build(shared, "coi test image (busybox, cluster)"), BUSYBOX);
    }

    @AfterAll
    static void removeTheCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void setUp() {
        bed = new SessionTestBed(root);
        bed.environment.putAll(cluster.environment());
    }

    @AfterEach
    void tearDown() {
        bed.close();
        cluster.incus("list", REMOTE + ":", "--format", "csv", "--columns", "n").lines().filter(name -> !name.isBlank())
                .forEach(name -> cluster.incus("delete", "--force", REMOTE + ":" + name));
    }

    @Test
    void aContainerIsCreatedOnTheTargetMemberAndListedWithIt() throws IOException {
        String name = bed.containerName(1);

        // Its start may fail: coi's containers intercept mknod and setxattr for Docker (security.syscalls.intercept.*),
        // which a container nested in a container of this machine's cannot always do ("forkstart ... exit status 1").
        // The create request, and where Incus put the container, are what is tested here.
        CoiTerminal launch = bed.run("--remote", REMOTE, "container", "launch", BUSYBOX, name, "--target", MEMBER);
        assertTrue(cluster.incus("list", REMOTE + ":" + name, "--format", "csv", "--columns", "nL")
                .contains(name + "," + MEMBER), launch::history);

        CoiTerminal json = bed.run("--remote", REMOTE, "list", "--format", "json");
        assertExit(0, json);
        String output = json.history();
        JsonNode containers = new ObjectMapper().readTree(output.substring(output.indexOf('{'),
                output.lastIndexOf('}') + 1)).path("active_containers");
        assertEquals(1, containers.size(), json::history);
        assertEquals(name, containers.get(0).path("name").asText(), json::history);
        assertEquals(MEMBER, containers.get(0).path("location").asText(), json::history);

        CoiTerminal text = bed.run("--remote", REMOTE, "list");
        assertExit(0, text);
        assertTrue(text.history().contains("    Member: " + MEMBER), text::history);
    }

    @Test
    void aMemberTheClusterDoesNotHaveIsRefusedWithItsMembers() {
        CoiTerminal launch = bed.run("--remote", REMOTE, "container", "launch", BUSYBOX, bed.containerName(1),
                "--target", "member9");

        assertExit(1, launch);
        assertTrue(launch.history().contains("has no member \"member9\" (--target, incus.target); its members: "
                + MEMBER), launch::history);
        assertTrue(cluster.incus("list", REMOTE + ":", "--format", "csv", "--columns", "n").isBlank(),
                "nothing was made");
    }

    @Test
    void aSessionOnAMemberThatIsAnotherMachineGetsNoMount() {
        CoiTerminal shell = bed.run("--remote", REMOTE, "shell", "--image", BUSYBOX, "--debug", "--background",
                "--target", MEMBER, "--network", "open", "--workspace-mode", "mount");

        assertExit(1, shell);
        assertTrue(shell.history().contains("cannot be mounted into a container on member \"" + MEMBER
                + "\" of the cluster at remote \"" + REMOTE + "\""), shell::history);
        assertTrue(shell.history().contains("that member is another machine"), shell::history);
        assertTrue(cluster.incus("list", REMOTE + ":", "--format", "csv", "--columns", "n").isBlank(),
                "nothing was made");
    }

    @Test
    void aTargetForThisMachinesDaemonWhichIsNoClusterIsRefusedBeforeAnythingIsMade() {
        bed.environment.remove("INCUS_CONF");

        CoiTerminal shell = bed.run(bed.shellArgs("--background", "--target", MEMBER));

        assertExit(1, shell);
        assertTrue(shell.history().contains("cannot create containers on cluster member \"" + MEMBER
                + "\" (--target, incus.target): this machine's Incus is not a cluster"), shell::history);
        assertEquals(List.of(), bed.containers(), "nothing was made");
    }
}
