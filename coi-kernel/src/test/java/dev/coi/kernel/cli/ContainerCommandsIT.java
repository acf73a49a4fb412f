package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.TestImage;
import dev.coi.kernel.incus.TestInstances;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code coi container} commands as a user runs them, against the real Incus daemon. */
class ContainerCommandsIT {

    private static IncusClient incus;
    private static TestInstances instances;
    private static String image;

    @TempDir
    Path home;

    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void connect() {
        incus = IncusClient.local(null);
        instances = new TestInstances(incus);
        image = TestImage.alias(incus);
    }

    @AfterAll
    static void cleanUp() {
        instances.close();
    }

    private CliRun coi(String... args) {
        return CliRun.of(home, args);
    }

    @Test
    void launchExecCaptureAndDelete() throws Exception {
        String name = instances.newName();

        CliRun launch = coi("container", "launch", image, name);
        assertEquals(0, launch.exitCode(), launch::toString);
        assertTrue(launch.err().contains("Container " + name + " launched from " + image), launch::toString);
        assertEquals(0, coi("container", "exists", name).exitCode());
        assertEquals(0, coi("container", "running", name).exitCode());

        CliRun exec = coi("container", "exec", name, "--capture", "--", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertEquals(0, exec.exitCode(), exec::toString);
        JsonNode result = json.readTree(exec.out());
        assertEquals(3, result.get("exit_code").asInt());
        assertEquals("out\n", result.get("stdout").asText());
        assertEquals("err\n", result.get("stderr").asText());

        CliRun raw = coi("container", "exec", name, "--capture", "--format", "raw", "--", "sh", "-c", "printf abc; exit 5");
        assertEquals(5, raw.exitCode(), raw::toString);
        assertEquals("abc", raw.out());

        CliRun notFound = coi("container", "exec", name, "--", "no-such-command");
        assertEquals(127, notFound.exitCode(), notFound::toString);

        CliRun asCode = coi("container", "exec", name, "--user", "1000", "--env", "GREETING=a=b", "--cwd", "/tmp",
                "--", "sh", "-c", "id -u; id -g; echo $GREETING; pwd");
        assertEquals("1000\n1000\na=b\n/tmp\n", asCode.out(), asCode::toString);

        CliRun refused = coi("container", "delete", name);
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("is running"), refused::toString);

        CliRun delete = coi("container", "delete", name, "--force");
        assertEquals(0, delete.exitCode(), delete::toString);
        assertEquals(1, coi("container", "exists", name).exitCode());
        assertEquals(1, coi("container", "running", name).exitCode());
    }

    @Test
    void stopAndStartAgain() {
        String name = instances.newName();
        assertEquals(0, coi("container", "launch", image, name).exitCode());

        TestInstances.awaitInit(incus, name);
        CliRun stop = coi("container", "stop", name);
        assertEquals(0, stop.exitCode(), stop::toString);
        assertEquals(1, coi("container", "running", name).exitCode());
        CliRun stoppedExec = coi("container", "exec", name, "--", "true");
        assertEquals(1, stoppedExec.exitCode(), stoppedExec::toString);
        assertTrue(stoppedExec.err().contains("is not running"), stoppedExec::toString);

        CliRun start = coi("container", "start", name);
        assertEquals(0, start.exitCode(), start::toString);
        assertEquals(0, coi("container", "running", name).exitCode());
    }

    @Test
    void mountAHostDirectoryWithShiftedOwnership() throws Exception {
        String name = instances.newName();
        assertEquals(0, coi("container", "launch", image, name).exitCode());
        Path shared = Files.createDirectory(home.resolve("shared"));
        Files.writeString(shared.resolve("hello.txt"), "from the host\n");

        CliRun mount = coi("container", "mount", name, "data", shared.toString(), "/data");
        assertEquals(0, mount.exitCode(), mount::toString);

        CliRun read = coi("container", "exec", name, "--", "cat", "/data/hello.txt");
        assertEquals("from the host\n", read.out(), read::toString);
    }

    @Test
    void aContainerThatMapsItsWorkspaceOwnerGetsNoShiftedDisk() throws Exception {
        String name = instances.newName();
        assertEquals(0, coi("container", "launch", image, name).exitCode());
        incus.update(name, Map.of("raw.idmap", "uid 1000 1000\ngid 1000 1000"), Map.of());
        Path shared = Files.createDirectory(home.resolve("mapped"));

        CliRun mount = coi("container", "mount", name, "data", shared.toString(), "/data");
        assertEquals(0, mount.exitCode(), mount::toString);
        assertTrue(mount.err().contains("Not shifted"), mount::toString);
        assertFalse(incus.instance(name).orElseThrow().devices().get("data").containsKey("shift"),
                "container root would write host-root files through a shifted disk");
    }

    @Test
    void filesGoInAndComeBackWithTheirModeAndOwner() throws Exception {
        String name = instances.newName();
        assertEquals(0, coi("container", "launch", image, name).exitCode());
        Path file = home.resolve("script.sh");
        Files.writeString(file, "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-x---"));

        CliRun push = coi("file", "push", file.toString(), name + ":/home/code/script.sh", "--uid", "1000", "--gid", "1000");
        assertEquals(0, push.exitCode(), push::toString);
        CliRun stat = coi("container", "exec", name, "--", "stat", "-c", "%u %g %a", "/home/code/script.sh");
        assertEquals("1000 1000 750\n", stat.out(), stat::toString);

        Path back = home.resolve("back.sh");
        CliRun pull = coi("file", "pull", name + ":/home/code/script.sh", back.toString());
        assertEquals(0, pull.exitCode(), pull::toString);
        assertEquals("#!/bin/sh\necho hi\n", Files.readString(back));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(back)));
    }

    @Test
    void directoriesNeedRecursiveAndLandInsideAnExistingDirectory() throws Exception {
        String name = instances.newName();
        assertEquals(0, coi("container", "launch", image, name).exitCode());
        Path tree = Files.createDirectories(home.resolve("src/nested"));
        Files.writeString(tree.resolve("a.txt"), "a");
        Files.writeString(home.resolve("src/b.txt"), "b");

        CliRun withoutR = coi("file", "push", home.resolve("src").toString(), name + ":/tmp/src");
        assertEquals(2, withoutR.exitCode(), withoutR::toString);
        assertTrue(withoutR.err().contains("use -r"), withoutR::toString);

        assertEquals(0, coi("file", "push", "-r", home.resolve("src").toString(), name + ":/tmp/").exitCode());
        CliRun listing = coi("container", "exec", name, "--", "cat", "/tmp/src/nested/a.txt", "/tmp/src/b.txt");
        assertEquals("ab", listing.out(), listing::toString);

        Path into = Files.createDirectory(home.resolve("into"));
        Files.writeString(into.resolve("keep.txt"), "mine");
        CliRun pull = coi("file", "pull", "-r", name + ":/tmp/src", into.toString());
        assertEquals(0, pull.exitCode(), pull::toString);
        assertEquals("a", Files.readString(into.resolve("src/nested/a.txt")));
        assertEquals("mine", Files.readString(into.resolve("keep.txt")));
    }

    @Test
    void aFailedPullLeavesTheExistingDestinationAlone() throws Exception {
        String name = instances.newName();
        assertEquals(0, coi("container", "launch", image, name).exitCode());
        Path precious = home.resolve("precious.txt");
        Files.writeString(precious, "do not lose me");

        CliRun pull = coi("file", "pull", name + ":/no/such/file", precious.toString());

        assertEquals(1, pull.exitCode(), pull::toString);
        assertTrue(pull.err().contains("file not found: " + name + ":/no/such/file"), pull::toString);
        assertEquals("do not lose me", Files.readString(precious));
        try (var entries = Files.list(home)) {
            assertFalse(entries.anyMatch(entry -> entry.getFileName().toString().startsWith(".coi-pull-")));
        }
    }

    @Test
    void badArgumentsAreUsageErrors() {
        CliRun format = coi("container", "exec", "x", "--format", "raw", "--", "true");
        assertEquals(2, format.exitCode(), format::toString);
        assertTrue(format.err().contains("--format flag requires --capture flag"), format::toString);

        CliRun destination = coi("file", "push", home.toString(), "no-colon");
        assertEquals(2, destination.exitCode(), destination::toString);
        assertTrue(destination.err().contains("destination must be in format 'container:path'"), destination::toString);

        CliRun missing = coi("container", "launch", "no-such-image-" + System.nanoTime(), instances.newName());
        assertEquals(1, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("not found"), missing::toString);
    }

    @Test
    void imagesAreListedAndFound() throws Exception {
        CliRun list = coi("image", "list", "--format", "json");
        assertEquals(0, list.exitCode(), list::toString);
        boolean found = false;
        for (JsonNode entry : json.readTree(list.out())) {
            found |= entry.get("aliases").toString().contains("\"" + image + "\"");
        }
        assertTrue(found, list::toString);

        CliRun prefixed = coi("image", "list", "--prefix", "no-such-prefix-", "--format", "json");
        assertEquals(0, json.readTree(prefixed.out()).size(), prefixed::toString);

        assertEquals(0, coi("image", "exists", image).exitCode());
        assertEquals(1, coi("image", "exists", "no-such-image-" + System.nanoTime()).exitCode());
    }

    @Test
    void deletingAnImageByAlias() throws Exception {
        String alias = instances.newName() + "-image";
        Path tarball = TestImage.build(Files.createDirectory(home.resolve("image")), "coi image delete test " + alias);
        String fingerprint = incus.images().importTarball(tarball, List.of(alias), Map.of(), false);
        try {
            assertEquals(0, coi("image", "exists", alias).exitCode());

            CliRun delete = coi("image", "delete", alias);

            assertEquals(0, delete.exitCode(), delete::toString);
            assertEquals(1, coi("image", "exists", alias).exitCode());
            assertTrue(incus.images().image(fingerprint).isEmpty());
            CliRun again = coi("image", "delete", alias);
            assertEquals(1, again.exitCode(), again::toString);
            assertTrue(again.err().contains("does not exist"), again::toString);
        } finally {
            if (incus.images().image(fingerprint).isPresent()) {
                incus.images().delete(fingerprint);
            }
        }
    }
}
