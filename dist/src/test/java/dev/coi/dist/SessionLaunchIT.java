package dev.coi.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.cli.CliRun;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.incus.InstanceSpec;
import dev.coi.kernel.incus.TestImage;
import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.TestWorkspaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coi run} and the checks of {@code coi shell} against the real Incus daemon, with the small busybox test
 * image (no tmux in it, so {@code coi shell} itself is tested with a real coi image in {@link ShellSessionIT}).
 */
class SessionLaunchIT {

    private static final Pattern ALLOCATED = Pattern.compile("Auto-allocated slot (\\d+)");

    @TempDir
    Path home;

    private SessionContainersFixture fixture;
    private String image;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new SessionContainersFixture(home);
        image = TestImage.alias(fixture.incus);
    }

    @AfterEach
    void cleanUp() {
        fixture.close();
    }

    @Test
    void runStreamsBothStreamsExitsWithTheCommandsCodeAndLeavesNoContainer() {
        CliRun run = fixture.coi("run", "--image", image, "--", "sh", "-c", "echo out; echo err >&2; exit 3");

        assertEquals(3, run.exitCode(), run::toString);
        assertEquals("out\n", run.out(), run::toString);
        assertTrue(run.err().contains("err\n"), run::toString);
        assertEquals(List.of(), fixture.containerNames());
    }

    @Test
    void runPassesArgumentsAsGivenAsTheCodeUserInTheWorkspace() {
        CliRun run = fixture.coi("run", "--image", image, "-e", "LIST=a,b=c", "--", "sh", "-c",
                "id -u; pwd; echo \"$HOME|$LIST|$1\"", "sh", "two words; $(no)");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("1000\n/workspace\n/home/code|a,b=c|two words; $(no)\n", run.out());
        assertEquals(List.of(), fixture.containerNames());
    }

    @Test
    void aPersistentRunKeepsTheContainerStoppedWithItsLabels() throws IOException {
        CliRun run = fixture.coi("run", "--persistent", "--network", "open", "--image", image, "--", "true");

        assertEquals(0, run.exitCode(), run::toString);
        Instance kept = fixture.incus.instance(fixture.name(1)).orElseThrow();
        assertFalse(kept.isRunning());
        assertEquals("open", kept.config().get("user.coi.network"));
        assertEquals("true", kept.config().get("user.coi.persistent"));
        assertEquals(fixture.workspace.toString(), kept.config().get("user.coi.workspace"));
        assertEquals(image, kept.config().get("user.coi.image"));
        assertEquals("true", kept.config().get("security.nesting"));
        assertEquals(Map.of("type", "disk", "source", fixture.workspace.toString(), "path", "/workspace"),
                kept.devices().get("workspace"), "never shifted: only the workspace's owner is mapped");
        assertEquals("uid " + owner("uid") + " 1000\ngid " + owner("gid") + " 1000", kept.config().get("raw.idmap"));
    }

    @Test
    void gitHooksAndConfigAreReadOnlyInsideAndTheRestOfTheWorkspaceIsWritable() throws Exception {
        Path git = Files.createDirectories(fixture.workspace.resolve(".git/hooks")).getParent();
        Files.writeString(git.resolve("config"), "[core]\n\tbare = false\n");
        Files.writeString(git.resolve("hooks/pre-commit.sample"), "#!/bin/sh\n");
        TestWorkspaces.ownedByAUser(fixture.workspace);

        CliRun run = fixture.coi("run", "--image", image, "--", "sh", "-c", """
                cat /workspace/.git/config; ls /workspace/.git/hooks
                echo evil > /workspace/.git/hooks/pre-commit && echo HOOK-WRITTEN
                echo '[alias]' >> /workspace/.git/config && echo CONFIG-WRITTEN
                echo ok > /workspace/.git/description && echo OTHER-WRITTEN
                echo made > /workspace/made.txt && echo WORKSPACE-WRITTEN
                """);

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("[core]\n\tbare = false\npre-commit.sample\n"), run::toString);
        assertFalse(run.out().contains("HOOK-WRITTEN"), run::toString);
        assertFalse(run.out().contains("CONFIG-WRITTEN"), run::toString);
        assertTrue(run.out().contains("OTHER-WRITTEN"), run::toString);
        assertTrue(run.out().contains("WORKSPACE-WRITTEN"), run::toString);
        assertFalse(Files.exists(git.resolve("hooks/pre-commit")));
        assertEquals("[core]\n\tbare = false\n", Files.readString(git.resolve("config")));
        assertEquals(owner("uid"), Files.getAttribute(fixture.workspace.resolve("made.txt"), "unix:uid"),
                "files made inside belong to the workspace's owner on the host");
    }

    @Test
    void protectionCanBeTurnedOff() throws Exception {
        Files.createDirectories(fixture.workspace.resolve(".git/hooks"));
        TestWorkspaces.ownedByAUser(fixture.workspace);
        Files.createDirectories(home.resolve(".config/coi"));
        Files.writeString(home.resolve(".config/coi/config.toml"), "[security]\nprotect_git = false\n");

        CliRun run = fixture.coi("run", "--image", image, "--", "sh", "-c", "echo x > /workspace/.git/hooks/h");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(Files.exists(fixture.workspace.resolve(".git/hooks/h")));
    }

    @Test
    void twoRunsStartedTogetherGetDifferentSlots() {
        CompletableFuture<CliRun> first = CompletableFuture.supplyAsync(
                () -> fixture.coi("run", "--image", image, "--", "sleep", "2"));
        CompletableFuture<CliRun> second = CompletableFuture.supplyAsync(
                () -> fixture.coi("run", "--image", image, "--", "sleep", "2"));

        Set<Integer> slots = new TreeSet<>();
        for (CliRun run : List.of(first.join(), second.join())) {
            assertEquals(0, run.exitCode(), run::toString);
            Matcher matcher = ALLOCATED.matcher(run.err());
            assertTrue(matcher.find(), run::toString);
            slots.add(Integer.parseInt(matcher.group(1)));
        }
        assertEquals(Set.of(1, 2), slots);
        assertEquals(List.of(), fixture.containerNames());
    }

    @Test
    void aFailureAfterTheContainerExistsRemovesIt() {
        CliRun run = fixture.coi("shell", "--background", "--debug", "--network", "open", "--image", image);

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("could not start tmux in container " + fixture.name(1)), run::toString);
        assertTrue(run.err().contains("removed the new container " + fixture.name(1)), run::toString);
        assertEquals(List.of(), fixture.containerNames());
    }

    @Test
    void anUnknownSessionIdIsAnErrorAndMakesNoContainer() {
        CliRun run = fixture.coi("shell", "--resume=0b5e7a3c-1111-4222-8333-944445555666", "--image", image);

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("Error: session '0b5e7a3c-1111-4222-8333-944445555666' not found - check"
                + " available sessions with: coi list --all"), run::toString);
        assertEquals(List.of(), fixture.containerNames());

        CliRun newest = fixture.coi("shell", "--resume", "--image", image);
        assertEquals(1, newest.exitCode(), newest::toString);
        assertTrue(newest.err().contains("no previous session to resume for this workspace"), newest::toString);
        assertEquals(List.of(), fixture.containerNames());
    }

    @Test
    void aBadMountIsAUsageErrorAndMakesNoContainer() {
        for (String mount : List.of("relative:/data", "/tmp:/workspace/x", "/tmp")) {
            CliRun run = fixture.coi("shell", "--mount", mount, "--image", image);
            assertEquals(2, run.exitCode(), run::toString);
            assertTrue(run.err().contains("invalid --mount '" + mount + "'"), run::toString);
        }
        CliRun nested = fixture.coi("shell", "--mount", "/tmp:/data", "--mount", "/srv:/data/x", "--image", image);
        assertEquals(2, nested.exitCode(), nested::toString);
        assertTrue(nested.err().contains("nested mount paths detected: '/data' and '/data/x' conflict"),
                nested::toString);
        assertEquals(List.of(), fixture.containerNames());
    }

    @Test
    void aMissingImageIsAnErrorAndMakesNothing() {
        for (String command : List.of("shell", "run")) {
            CliRun run = command.equals("run") ? fixture.coi("run", "--image", "coi-it-no-such-image", "--", "true")
                    : fixture.coi("shell", "--image", "coi-it-no-such-image");
            assertEquals(1, run.exitCode(), run::toString);
            assertTrue(run.err().contains("Error: image 'coi-it-no-such-image' not found - run 'coi build' first"),
                    run::toString);
        }
        assertEquals(List.of(), fixture.containerNames());
        assertFalse(Files.exists(fixture.workspace.resolve(".git")));
    }

    @Test
    void whenAllSlotsAreTakenAnotherSessionIsAnErrorAndMakesNoContainer() {
        String fingerprint = TestImage.fingerprint(fixture.incus);
        // in parallel: one after the other, a hundred creates take long
        IntStream.rangeClosed(1, ContainerNames.MAX_SLOTS).parallel()
                .forEach(slot -> fixture.incus.create(InstanceSpec.fromFingerprint(fixture.name(slot), fingerprint)));

        CliRun shell = fixture.coi("shell", "--image", image);
        CliRun run = fixture.coi("run", "--image", image, "--", "true");

        for (CliRun refused : List.of(shell, run)) {
            assertEquals(1, refused.exitCode(), refused::toString);
            assertTrue(refused.err().contains("all " + ContainerNames.MAX_SLOTS + " slots of workspace "
                    + fixture.workspace + " are in use"),
                    refused::toString);
        }
        assertEquals(ContainerNames.MAX_SLOTS, fixture.containers().size());
    }

    @Test
    void aStoppedEphemeralLeftoverInTheAskedSlotIsReapedAndTheSlotReused() {
        // what a killed coi leaves: a stopped container labelled ephemeral
        fixture.incus.create(InstanceSpec.fromFingerprint(fixture.name(2), TestImage.fingerprint(fixture.incus))
                .withConfig(Map.of("user.coi.session", "0b5e7a3c-1111-4222-8333-944445555666",
                        "user.coi.persistent", "false", "user.coi.tool", "claude")));

        CliRun run = fixture.coi("run", "--slot", "2", "--image", image, "--", "sh", "-c", "echo in-slot-2");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("in-slot-2\n", run.out());
        assertEquals(List.of(), fixture.containerNames());
    }

    /** The workspace's owner (uid or gid): the user who runs the tests, or the normal user root gives it to. */
    private int owner(String id) throws IOException {
        return (Integer) Files.getAttribute(fixture.workspace, "unix:" + id);
    }
}
