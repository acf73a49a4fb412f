package dev.coi.kernel.sessions.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.Extension;
import dev.coi.api.NetworkMode;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.config.CoiConfig;
import dev.coi.kernel.config.ConfigEnvironment;
import dev.coi.kernel.config.ConfigLoader;
import dev.coi.kernel.config.ExtensionSchema;
import dev.coi.kernel.plugin.PluginLoader;
import dev.coi.kernel.sessions.WorkspaceMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchPlanTest {

    /** Containers on this machine, or on another one. */
    private static final BooleanSupplier HERE = () -> true;
    private static final BooleanSupplier ELSEWHERE = () -> false;

    @TempDir
    Path home;

    private CoiConfig config(String toml) throws Exception {
        Path file = home.resolve(".config/coi/config.toml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, toml);
        return new ConfigLoader(new ConfigEnvironment(Map.of(), home, home, home.resolve("etc/coi/config.toml")),
                ExtensionSchema.of(PluginLoader.bundled().extensions(Extension.class)))
                .load().config();
    }

    private static LaunchRequest request(Path workspace, Integer slot, String image, List<String> env,
            List<String> mounts, String network) {
        return new LaunchRequest(workspace, Optional.ofNullable(slot), Optional.empty(), Optional.ofNullable(image), env,
                mounts, Optional.ofNullable(network));
    }

    @Test
    void configuredValuesApplyWhenNoFlagIsGiven() throws Exception {
        CoiConfig config = config("""
                [defaults]
                image = "my-image"
                environment = { EDITOR = "vim", LANG = "C.UTF-8" }
                [network]
                mode = "open"
                [[mounts.default]]
                host = "/srv/cache"
                container = "/cache"
                """);

        LaunchPlan plan = LaunchPlan.of(request(Path.of("."), null, null, List.of("EDITOR=nano"), List.of(), null),
                config, home, home, HERE);

        assertEquals(home, plan.workspace());
        assertEquals(OptionalInt.empty(), plan.slot());
        assertEquals("my-image", plan.image());
        assertEquals(Map.of("EDITOR", "nano", "LANG", "C.UTF-8"), plan.environment());
        assertEquals(List.of(new SessionMount("mount-0", Path.of("/srv/cache"), "/cache")), plan.mounts());
        assertEquals(NetworkMode.OPEN, plan.network());
    }

    @Test
    void flagsWin() throws Exception {
        Files.createDirectories(home.resolve("project"));

        LaunchPlan plan = LaunchPlan.of(request(Path.of("project/../project"), 10, "other", List.of(), List.of(),
                "allowlist"), config(""), home, home, HERE);

        assertEquals(home.resolve("project"), plan.workspace());
        assertEquals(OptionalInt.of(10), plan.slot());
        assertEquals("other", plan.image());
        assertEquals(NetworkMode.ALLOWLIST, plan.network());
    }

    @Test
    void theDefaultImageIsCoiAndTheDefaultNetworkRestricted() throws Exception {
        LaunchPlan plan = LaunchPlan.of(request(home, null, null, List.of(), List.of(), null), config(""), home, home,
                HERE);

        assertEquals("coi", plan.image());
        assertEquals(NetworkMode.RESTRICTED, plan.network());
    }

    @Test
    void wrongFlagsAreUsageErrors() throws Exception {
        CoiConfig config = config("");
        assertUsageError("invalid --slot 0: slots are 1 to 100",
                () -> LaunchPlan.of(request(home, 0, null, List.of(), List.of(), null), config, home, home, HERE));
        assertUsageError("invalid --slot 101: slots are 1 to 100",
                () -> LaunchPlan.of(request(home, 101, null, List.of(), List.of(), null), config, home, home, HERE));
        assertUsageError("invalid --network 'closed': choose open, restricted, allowlist",
                () -> LaunchPlan.of(request(home, null, null, List.of(), List.of(), "closed"), config, home, home,
                        HERE));
        assertUsageError("is not a directory",
                () -> LaunchPlan.of(request(home.resolve("missing"), null, null, List.of(), List.of(), null), config,
                        home, home, HERE));
        assertUsageError("expected KEY=VALUE",
                () -> LaunchPlan.of(request(home, null, null, List.of("X"), List.of(), null), config, home, home,
                        HERE));
        assertUsageError("expected HOST:CONTAINER",
                () -> LaunchPlan.of(request(home, null, null, List.of(), List.of("nope"), null), config, home, home,
                        HERE));
    }

    private static void assertUsageError(String expected, org.junit.jupiter.api.function.Executable executable) {
        CoiException error = assertThrows(CoiException.class, executable);
        assertEquals(ExitCodes.USAGE, error.exitCode());
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }

    @Test
    void aWorkspaceOfAContainerOnAnotherMachineIsCopiedUnlessAMountIsAskedFor() throws Exception {
        assertEquals(WorkspaceMode.COPY, LaunchPlan.of(request(home, null, null, List.of(), List.of(), null),
                config(""), home, home, ELSEWHERE).workspaceMode());
        assertEquals(WorkspaceMode.MOUNT, LaunchPlan.of(request(home, null, null, List.of(), List.of(), null),
                config(""), home, home, HERE).workspaceMode());
        assertEquals(WorkspaceMode.MOUNT, LaunchPlan.of(request(home, null, null, List.of(), List.of(), null),
                config("[workspace]\nmode = \"mount\"\n"), home, home, ELSEWHERE).workspaceMode(),
                "asked for, and refused with where the container runs before anything is made");
    }
}
