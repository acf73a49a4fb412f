package dev.coi.kernel.sessions.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.Extension;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.config.CoiConfig;
import dev.coi.kernel.config.ConfigEnvironment;
import dev.coi.kernel.config.ConfigLoader;
import dev.coi.kernel.config.ExtensionSchema;
import dev.coi.kernel.plugin.PluginLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user mounts a folder of the workspace ({@code mounts.default} or {@code --mount}); the AI tool replaces that
 * folder, or one on the way to it, with a link to a host folder. Incus mounts what the link leads to, so the next
 * session would get the user's home, with write access, under a path the user consented to as a workspace folder.
 */
class WorkspaceMountLinksTest {

    @TempDir
    Path root;

    private Path home;
    private Path workspace;
    private Path hostSecrets;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(root.resolve("home"));
        workspace = Files.createDirectories(root.resolve("workspace"));
        hostSecrets = Files.createDirectories(home.resolve(".ssh"));
    }

    private CoiConfig config() throws Exception {
        return new ConfigLoader(new ConfigEnvironment(Map.of(), home, workspace, root.resolve("etc/config.toml")),
                ExtensionSchema.of(PluginLoader.bundled().extensions(Extension.class)))
                .load().config();
    }

    private LaunchPlan plan(String... mounts) throws Exception {
        return LaunchPlan.of(new LaunchRequest(workspace, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(), List.of(mounts), Optional.empty()), config(), workspace, home, () -> true);
    }

    @Test
    void aMountedWorkspaceFolderThatIsALinkIsRefused() throws Exception {
        Files.createSymbolicLink(workspace.resolve("data"), hostSecrets);

        CoiException error = assertThrows(CoiException.class, () -> plan(workspace.resolve("data") + ":/data"));

        assertEquals(1, error.exitCode());
        assertTrue(error.getMessage().startsWith("cannot mount " + workspace.resolve("data") + " at /data: "
                + workspace.resolve("data") + " is a symbolic link in the workspace"), error.getMessage());
    }

    @Test
    void aLinkOnTheWayToAMountedFolderIsRefused() throws Exception {
        Files.createSymbolicLink(workspace.resolve("cache"), home);

        CoiException error = assertThrows(CoiException.class, () -> plan(workspace.resolve("cache/.ssh") + ":/data"));

        assertTrue(error.getMessage().contains(workspace.resolve("cache") + " is a symbolic link"), error.getMessage());
    }

    @Test
    void theConsentedFolderOfAWorkspaceConfigIsCheckedToo() throws Exception {
        Files.writeString(workspace.resolve(".coi.toml"), "[[mounts.default]]\nhost = \"data\"\ncontainer = \"/data\"\n");
        Files.createSymbolicLink(workspace.resolve("data"), hostSecrets);

        CoiException error = assertThrows(CoiException.class, () -> plan());

        assertTrue(error.getMessage().contains("is a symbolic link in the workspace"), error.getMessage());
    }

    @Test
    void realFoldersAndFoldersYetToBeMadeAreMounted() throws Exception {
        Files.createDirectories(workspace.resolve("data/sub"));

        LaunchPlan plan = plan(workspace.resolve("data/sub") + ":/data", workspace.resolve("new/folder") + ":/new");

        assertEquals(2, plan.mounts().size());
    }

    @Test
    void aLinkOutsideTheWorkspaceIsTheUsersOwn() throws Exception {
        Path linked = Files.createSymbolicLink(home.resolve("secrets-link"), hostSecrets);

        assertEquals(linked, plan(linked + ":/data").mounts().getFirst().host());
    }
}
