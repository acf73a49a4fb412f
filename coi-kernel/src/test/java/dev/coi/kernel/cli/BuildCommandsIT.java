package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coi.kernel.incus.ImageAlias;
import dev.coi.kernel.incus.ImageInfo;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.TestImage;
import dev.coi.kernel.incus.TestInstances;
import dev.coi.kernel.testing.HostLock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coi build custom}, {@code coi build} and the image commands around them, against the real Incus daemon.
 * Builds start from the busybox {@link TestImage}, so they take seconds and need no network; remote bases point
 * at loopback, never at a real image server. Every image a test makes has an alias starting with a name from
 * {@link TestInstances} and is deleted after the test, whatever happened.
 */
@HostLock(HostLock.COI_ALIAS)
class BuildCommandsIT {

    private static final Pattern BUILD_CONTAINER = Pattern.compile("Creating build container (coi-build-[0-9a-f]{8})");

    private static IncusClient incus;
    private static TestInstances instances;
    private static String base;

    @TempDir
    Path home;

    private final ObjectMapper json = new ObjectMapper();
    private final List<String> imagePrefixes = new ArrayList<>();

    @BeforeAll
    static void connect() {
        incus = IncusClient.local(null);
        instances = new TestInstances(incus);
        base = TestImage.alias(incus);
    }

    @AfterAll
    static void deleteContainers() {
        instances.close();
    }

    @AfterEach
    void deleteImages() {
        for (ImageInfo image : incus.images().list()) {
            if (image.aliases().stream().anyMatch(alias -> imagePrefixes.stream().anyMatch(alias.name()::startsWith))) {
                incus.images().delete(image.fingerprint());
            }
        }
    }

    private CliRun coi(String... args) {
        return CliRun.of(home, args);
    }

    /** A fresh image name, whose images are deleted after the test. */
    private String imageName() {
        String name = instances.newName() + "-img";
        imagePrefixes.add(name);
        return name;
    }

    private Path script(String name, String content) throws IOException {
        return Files.writeString(home.resolve(name), content);
    }

    private List<ImageInfo> imagesOf(String name) {
        return incus.images().list().stream()
                .filter(image -> image.aliases().stream().anyMatch(alias -> alias.name().startsWith(name)))
                .toList();
    }

    private Optional<String> target(String alias) {
        return incus.images().alias(alias).map(ImageAlias::target);
    }

    /** The build container a run named on stderr, which must be gone by the time coi exits. */
    private static Optional<String> buildContainer(CliRun run) {
        Matcher matcher = BUILD_CONTAINER.matcher(run.err());
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private void assertNoBuildContainerLeft(CliRun run) {
        buildContainer(run).ifPresent(name -> {
            boolean left = incus.instance(name).isPresent();
            if (left) {
                incus.deleteForcibly(name);
            }
            assertFalse(left, "build container " + name + " was left behind\n" + run);
        });
    }

    @Test
    void aCustomImageHasWhatTheScriptMadeAndTheScriptOutputGoesToStderr() throws Exception {
        String name = imageName();
        Path script = script("build.sh", """
                #!/bin/sh
                echo "building in $(pwd) with $COI_BUILD_DIR"
                echo "made by coi build custom" > /root/made.txt
                echo "a warning" >&2
                # incompressible bulk, so that publishing runs for seconds and reports its progress
                dd if=/dev/urandom of=/root/bulk bs=1M count=40 2>/dev/null
                """);

        CliRun build = coi("build", "custom", name, "--script", script.toString(), "--base", base);

        assertEquals(0, build.exitCode(), build::toString);
        JsonNode result = json.readTree(build.out());
        assertEquals(name, result.get("alias").asText());
        assertFalse(result.get("skipped").asBoolean());
        assertEquals(target(name).orElseThrow(), result.get("fingerprint").asText());
        assertTrue(build.err().contains("building in /tmp/coi-build with /tmp/coi-build\n"), build::toString);
        assertTrue(build.err().contains("a warning\n"), build::toString);
        assertTrue(build.err().contains("Image pack: "), "progress from the publish operation\n" + build);
        assertNoBuildContainerLeft(build);
        assertEquals("Custom image: " + name, incus.images().image(target(name).orElseThrow()).orElseThrow()
                .properties().get("description"));

        String container = instances.newName();
        assertEquals(0, coi("container", "launch", name, container).exitCode());
        CliRun made = coi("container", "exec", container, "--", "cat", "/root/made.txt");
        assertEquals("made by coi build custom\n", made.out(), made::toString);
        CliRun buildDirectory = coi("container", "exec", container, "--", "ls", "/tmp");
        assertFalse(buildDirectory.out().contains("coi-build"), "the build files are not part of the image");
    }

    @Test
    void rebuildsMakeVersionsAndMoveTheAliasWhileCleanupSparesWhatAnAliasNames() throws Exception {
        String name = imageName();
        Path script = script("build.sh", "#!/bin/sh\ndate > /root/built-at\n");

        CliRun first = coi("build", "custom", name, "--script", script.toString(), "--base", base);
        assertEquals(0, first.exitCode(), first::toString);
        String older = json.readTree(first.out()).get("fingerprint").asText();

        CliRun skipped = coi("build", "custom", name, "--script", script.toString(), "--base", base);
        assertEquals(0, skipped.exitCode(), skipped::toString);
        assertEquals("{\n  \"alias\": \"" + name + "\",\n  \"skipped\": true\n}\n", skipped.out());
        assertTrue(skipped.err().contains("Image already exists. Use --force to rebuild."), skipped::toString);

        CliRun second = coi("build", "custom", name, "--script", script.toString(), "--base", base, "--force");
        assertEquals(0, second.exitCode(), second::toString);
        String newer = json.readTree(second.out()).get("fingerprint").asText();

        assertEquals(Optional.of(newer), target(name));
        List<ImageInfo> versions = imagesOf(name + "-");
        assertEquals(2, versions.size(), versions::toString);
        for (ImageInfo version : versions) {
            assertTrue(version.aliases().stream().anyMatch(alias -> alias.name().matches(Pattern.quote(name)
                    + "-\\d{8}-\\d{6}")), version::toString);
        }

        // the alias pointed back at the older version holds it, so keeping one deletes nothing
        incus.images().retarget(name, older, "");
        CliRun held = coi("image", "cleanup", name + "-", "--keep", "1");
        assertEquals(0, held.exitCode(), held::toString);
        assertEquals(2, imagesOf(name + "-").size(), held::toString);
        assertTrue(held.err().contains("(also named " + name + ")"), held::toString);

        incus.images().retarget(name, newer, "");
        CliRun cleanup = coi("image", "cleanup", name + "-", "--keep", "1");
        assertEquals(0, cleanup.exitCode(), cleanup::toString);
        assertTrue(cleanup.err().startsWith("Cleanup complete:\n\nDeleted 1 old version(s):\n"), cleanup::toString);
        assertTrue(incus.images().image(older).isEmpty(), cleanup::toString);
        assertEquals(Optional.of(newer), target(name));
    }

    @Test
    void aFailingScriptLeavesNoContainerNoImageAndThePreviousAliasAlone() throws Exception {
        String name = imageName();
        CliRun good = coi("build", "custom", name, "--script", script("good.sh", "true\n").toString(), "--base", base);
        assertEquals(0, good.exitCode(), good::toString);
        String previous = target(name).orElseThrow();

        CliRun failed = coi("build", "custom", name, "--script",
                script("bad.sh", "#!/bin/sh\necho about to fail\nexit 3\n").toString(), "--base", base, "--force");

        assertEquals(1, failed.exitCode(), failed::toString);
        assertEquals("", failed.out());
        assertTrue(failed.err().contains("about to fail\n"), failed::toString);
        assertTrue(failed.err().contains("Error: build script build.sh failed with exit code 3"), failed::toString);
        assertTrue(buildContainer(failed).isPresent(), failed::toString);
        assertNoBuildContainerLeft(failed);
        assertEquals(Optional.of(previous), target(name));
        assertEquals(1, imagesOf(name).size(), "no second version");
    }

    @Test
    void aMissingBaseOrScriptFailsBeforeAnythingIsMade() throws Exception {
        String name = imageName();

        CliRun noBase = coi("build", "custom", name, "--script", script("s.sh", "true\n").toString(), "--base",
                "no-such-image-" + System.nanoTime());
        assertEquals(1, noBase.exitCode(), noBase::toString);
        assertTrue(noBase.err().contains("base image 'no-such-image-"), noBase::toString);
        assertTrue(buildContainer(noBase).isEmpty(), noBase::toString);

        Path missing = home.resolve("missing.sh");
        CliRun noScript = coi("build", "custom", name, "--script", missing.toString(), "--base", base);
        assertEquals(1, noScript.exitCode(), noScript::toString);
        assertTrue(noScript.err().contains("Error: build script not found: " + missing), noScript::toString);

        CliRun offline = coi("build", "custom", name, "--script", script("t.sh", "true\n").toString(), "--base",
                "offline");
        assertEquals(2, offline.exitCode(), offline::toString);
        assertTrue(imagesOf(name).isEmpty());
    }

    @Test
    void aRemoteBaseWhoseServerIsOutOfReachFailsFastAndLeavesNothing() throws Exception {
        String name = imageName();
        int closedPort;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = server.getLocalPort();
        }
        Files.createDirectories(home.resolve("etc/coi"));
        Files.writeString(home.resolve("etc/coi/config.toml"), "[build]\nimages_server = \"https://127.0.0.1:"
                + closedPort + "\"\n");
        Optional<String> coiBefore = target("coi");
        Path script = script("s.sh", "true\n");

        CliRun custom = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> coi("build", "custom", name,
                "--script", script.toString(), "--base", "images:ubuntu/24.04"));
        CliRun coiBuild = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> coi("build", "--force",
                "--base", "images:ubuntu/24.04"));

        for (CliRun run : List.of(custom, coiBuild)) {
            assertEquals(1, run.exitCode(), run::toString);
            assertTrue(run.err().contains("Error: cannot reach the image server https://127.0.0.1:" + closedPort
                    + " for images:ubuntu/24.04"), run::toString);
            assertTrue(buildContainer(run).isEmpty(), run::toString);
        }
        assertTrue(imagesOf(name).isEmpty());
        assertEquals(coiBefore, target("coi"));
    }

    @Test
    void whenIncusItselfCannotPullTheRemoteBaseNothingIsLeftEither() throws Exception {
        String name = imageName();
        // accepts and at once closes every connection: the probe's connect succeeds, Incus's download fails
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try (Socket connection = server.accept()) {
                        connection.shutdownOutput();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            Files.createDirectories(home.resolve("etc/coi"));
            Files.writeString(home.resolve("etc/coi/config.toml"), "[build]\nimages_server = \"https://127.0.0.1:"
                    + server.getLocalPort() + "\"\n");
            Path script = script("s.sh", "true\n");

            CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> coi("build", "custom", name,
                    "--script", script.toString(), "--base", "images:debian/12"));

            assertEquals(1, run.exitCode(), run::toString);
            assertTrue(run.err().contains("Failed getting remote image info"), run::toString);
            assertTrue(buildContainer(run).isPresent(), run::toString);
            assertNoBuildContainerLeft(run);
            assertTrue(imagesOf(name).isEmpty());
        }
    }

    @Test
    void publishingStopsButKeepsTheContainer() throws Exception {
        String container = instances.newName();
        String name = imageName();
        assertEquals(0, coi("container", "launch", base, container).exitCode());
        assertEquals(0, coi("container", "exec", container, "--", "sh", "-c", "echo kept > /root/state").exitCode());

        CliRun publish = coi("image", "publish", container, name, "--description", "published by a test");

        assertEquals(0, publish.exitCode(), publish::toString);
        JsonNode result = json.readTree(publish.out());
        assertEquals(name, result.get("alias").asText());
        assertEquals(target(name).orElseThrow(), result.get("fingerprint").asText());
        assertTrue(publish.err().contains("Stopping container " + container), publish::toString);
        assertEquals(0, coi("container", "exists", container).exitCode(), "the container is still there");
        assertEquals(1, coi("container", "running", container).exitCode());
        assertEquals("published by a test", incus.images().image(result.get("fingerprint").asText()).orElseThrow()
                .properties().get("description"));

        CliRun again = coi("image", "publish", container, name);
        assertEquals(1, again.exitCode(), again::toString);
        assertTrue(again.err().contains("image alias '" + name + "' exists already"), again::toString);

        String copy = instances.newName();
        assertEquals(0, coi("container", "launch", name, copy).exitCode());
        assertEquals("kept\n", coi("container", "exec", copy, "--", "cat", "/root/state").out());
    }

    @Test
    void cleanupNeedsAPositiveKeepAndAnEmptyListingIsAnEmptyArray() {
        CliRun zero = coi("image", "cleanup", "whatever-", "--keep", "0");
        assertEquals(2, zero.exitCode(), zero::toString);
        assertEquals("Error: --keep must be > 0\n", zero.err());

        CliRun nothing = coi("image", "cleanup", "no-such-prefix-" + System.nanoTime() + "-", "--keep", "2");
        assertEquals(0, nothing.exitCode(), nothing::toString);
        assertEquals("Cleanup complete:\n", nothing.err());

        CliRun list = coi("image", "list", "--prefix", "no-such-prefix-" + System.nanoTime(), "--format", "json");
        assertEquals("[]\n", list.out(), list::toString);
    }
}
