package dev.coi.kernel.sessions.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.NetworkMode;
import dev.coi.kernel.incus.InstanceSpec;
import dev.coi.kernel.network.SessionNetwork;
import dev.coi.kernel.sessions.WorkspaceMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionBlueprintTest {

    @TempDir
    Path workspace;

    private static final WorkspaceOwner OWNER = new WorkspaceOwner(1002, 1002);

    private SessionBlueprint blueprint(boolean protectGit, List<SessionMount> mounts) {
        return blueprint(OWNER, protectGit, mounts);
    }

    private SessionBlueprint blueprint(WorkspaceOwner owner, boolean protectGit, List<SessionMount> mounts) {
        return SessionBlueprint.of("coi", "0b5e7a3c-1111-4222-8333-944445555666", workspace, false, "claude",
                NetworkMode.RESTRICTED, owner, mounts, protectGit);
    }

    @Test
    void oneCreateRequestCarriesImageSecurityLabelsAndStart() {
        InstanceSpec spec = blueprint(true, List.of()).spec("coi-12345678-1");

        assertEquals("coi-12345678-1", spec.name());
        assertEquals("coi", spec.imageAlias());
        assertTrue(spec.start());
        assertFalse(spec.ephemeral(), "never Incus' own ephemeral flag: a poweroff would delete it before the save");
        assertEquals(Map.ofEntries(
                Map.entry("security.nesting", "true"),
                Map.entry("security.syscalls.intercept.mknod", "true"),
                Map.entry("security.syscalls.intercept.setxattr", "true"),
                Map.entry("user.coi.session", "0b5e7a3c-1111-4222-8333-944445555666"),
                Map.entry("user.coi.workspace", workspace.toString()),
                Map.entry("user.coi.persistent", "false"),
                Map.entry("user.coi.tool", "claude"),
                Map.entry("user.coi.image", "coi"),
                Map.entry("user.coi.uid", "1000"),
                Map.entry("user.coi.home", "/home/code"),
                Map.entry("user.coi.network", "restricted"),
                Map.entry("user.coi.workspace_mode", "mount"),
                Map.entry("environment.TMUX_TMPDIR", "/var/tmp"),
                Map.entry("raw.idmap", "uid 1002 1000\ngid 1002 1000")), spec.config());
    }

    @Test
    void theWorkspaceAndMountsArePlainDisksAndOnlyTheOwnerIsMappedToCode() {
        InstanceSpec spec = blueprint(new WorkspaceOwner(1002, 100), true,
                List.of(new SessionMount("mount-0", Path.of("/srv/data"), "/data"))).spec("c");

        assertEquals("uid 1002 1000\ngid 100 1000", spec.config().get("raw.idmap"));
        assertEquals(Map.of(
                "workspace", Map.of("type", "disk", "source", workspace.toString(), "path", "/workspace"),
                "mount-0", Map.of("type", "disk", "source", "/srv/data", "path", "/data")),
                spec.devices());
    }

    @Test
    void aCopiedWorkspaceHasNoDiskAtWorkspaceNorTheGitMountsBelowIt() {
        InstanceSpec spec = blueprint(new WorkspaceOwner(1002, 100), true,
                List.of(new SessionMount("mount-0", Path.of("/srv/data"), "/data")))
                .withWorkspace(WorkspaceMode.COPY).spec("c");

        assertEquals(Map.of("mount-0", Map.of("type", "disk", "source", "/srv/data", "path", "/data")),
                spec.devices());
        assertEquals("copy", spec.config().get("user.coi.workspace_mode"));
    }

    @Test
    void hostRootIsNeverMapped() {
        assertThrows(IllegalArgumentException.class, () -> new WorkspaceOwner(0, 1000));
        assertThrows(IllegalArgumentException.class, () -> new WorkspaceOwner(1000, 0));
    }

    @Test
    void aGitRepositoryGetsReadOnlyHooksAndConfig() throws Exception {
        Files.createDirectories(workspace.resolve(".git/hooks"));
        Files.writeString(workspace.resolve(".git/config"), "[core]\n");

        Map<String, Map<String, String>> devices = blueprint(true, List.of()).spec("c").devices();

        assertEquals(Map.of("type", "disk", "source", workspace.resolve(".git/hooks").toString(),
                "path", "/workspace/.git/hooks", "readonly", "true"), devices.get("git-hooks"));
        assertEquals(Map.of("type", "disk", "source", workspace.resolve(".git/config").toString(),
                "path", "/workspace/.git/config", "readonly", "true"), devices.get("git-config"));
    }

    @Test
    void hooksAreProtectedEvenWhenTheRepositoryHasNoHooksFolderYet() throws Exception {
        Files.createDirectories(workspace.resolve(".git"));

        SessionBlueprint blueprint = blueprint(true, List.of());

        assertTrue(blueprint.devices().containsKey("git-hooks"));
        assertTrue(blueprint.hostDirectories().contains(workspace.resolve(".git/hooks")));
        assertFalse(blueprint.devices().containsKey("git-config"));
    }

    @Test
    void noProtectionWhenTurnedOffOrWithoutAGitFolder() throws Exception {
        assertEquals(List.of("workspace"), List.copyOf(blueprint(true, List.of()).devices().keySet()));
        Files.createDirectories(workspace.resolve(".git/hooks"));
        assertEquals(List.of("workspace"), List.copyOf(blueprint(false, List.of()).devices().keySet()));
    }

    @Test
    void gitIsAMountPointOfItsOwnWithEveryConfigHookAndPointerReadOnly() throws Exception {
        Files.createDirectories(workspace.resolve(".git/hooks"));
        Files.writeString(workspace.resolve(".git/config"), "[core]\n");
        Path module = Files.createDirectories(workspace.resolve(".git/modules/sub"));
        Files.writeString(module.resolve("HEAD"), "ref: refs/heads/main\n");
        Files.writeString(module.resolve("config"), "[core]\n\tworktree = ../../../sub\n");
        Files.createDirectories(module.resolve("hooks"));
        Files.createDirectories(workspace.resolve("sub"));
        Files.writeString(workspace.resolve("sub/.git"), "gitdir: ../.git/modules/sub\n");

        SessionBlueprint blueprint = blueprint(true, List.of());
        Map<String, Map<String, String>> devices = blueprint.spec("c").devices();

        assertEquals(Map.of("type", "disk", "source", workspace.resolve(".git").toString(), "path", "/workspace/.git"),
                devices.get("git"));
        Map<String, String> readOnly = new java.util.TreeMap<>();
        devices.values().stream().filter(disk -> "true".equals(disk.get("readonly")))
                .forEach(disk -> readOnly.put(disk.get("path"), disk.get("source")));
        assertEquals(List.of("/workspace/.git/config", "/workspace/.git/hooks", "/workspace/.git/info",
                "/workspace/.git/modules/sub/config", "/workspace/.git/modules/sub/hooks", "/workspace/sub/.git"),
                List.copyOf(readOnly.keySet()));
        assertTrue(blueprint.hostDirectories().contains(workspace.resolve(".git/info")), "made when missing");
        assertFalse(blueprint.hostDirectories().contains(workspace.resolve("sub/.git")));
    }

    @Test
    void aGitPointerFileIsMountedReadOnlyOverTheWorkspace() throws Exception {
        Files.writeString(workspace.resolve(".git"), "gitdir: /home/someone/main/.git/worktrees/w\n");

        Map<String, Map<String, String>> devices = blueprint(true, List.of()).spec("c").devices();

        assertEquals(Map.of("type", "disk", "source", workspace.resolve(".git").toString(), "path", "/workspace/.git",
                "readonly", "true"), devices.get("git"));
        assertEquals(2, devices.size());
    }

    @Test
    void aContainerWhoseAddressCoiChoosesIsCreatedUnstartedSoItsRulesGoInBeforeItsFirstBoot() {
        Map<String, Map<String, String>> card = Map.of("eth0", Map.of("type", "nic", "network", "incusbr0",
                "ipv4.address", "10.0.0.7"));

        InstanceSpec chosen = blueprint(true, List.of())
                .withNetwork(new SessionNetwork.Preparation(NetworkMode.RESTRICTED, name -> card, true)).spec("c");
        InstanceSpec fromDhcp = blueprint(true, List.of())
                .withNetwork(new SessionNetwork.Preparation(NetworkMode.RESTRICTED, name -> Map.of(), false)).spec("c");
        InstanceSpec open = blueprint(true, List.of())
                .withNetwork(new SessionNetwork.Preparation(NetworkMode.OPEN, name -> Map.of(), false)).spec("c");

        assertFalse(chosen.start());
        assertEquals("10.0.0.7", chosen.devices().get("eth0").get("ipv4.address"));
        assertTrue(fromDhcp.start(), "an address from DHCP is known only once the container runs");
        assertTrue(open.start());
    }
}
