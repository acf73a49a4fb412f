package dev.coi.kernel.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.HealthCheckProvider;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginInstallerTest {

    private static final Instant NOW = Instant.parse("2026-11-27T07:30:00Z");
    private static final PluginInstaller.Consent YES = (manifest, sha256, replaced) -> true;

    @TempDir
    Path home;

    @TempDir
    Path work;

    private Path folder() {
        return home.resolve(".coi/plugins");
    }

    private PluginInstaller installer() {
        return new PluginInstaller(new PluginFolder(folder()), Set.of("tool-claude"), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void aJarFromAPathIsCheckedLoadedOnceAndRecorded() throws Exception {
        Path jar = TestPluginJar.plugin("hello-check").build(work, "hello.jar");
        String sha256 = Sha256.of(jar);

        PluginInstaller.InstalledPlugin installed = installer().install(jar.toString(), Optional.of(sha256.toUpperCase()), YES);

        LockedPlugin expected = new LockedPlugin("hello-check", "1.0.0", TestPluginJar.REQUIRES, sha256, jar.toString(),
                "hello-check-" + sha256.substring(0, 12) + ".jar", true, NOW);
        assertEquals(expected, installed.locked());
        assertEquals(List.of(expected), PluginLock.read(folder()).plugins());
        assertEquals(sha256, Sha256.of(folder().resolve(expected.file())));
        assertEquals("example", installed.loaded().extensions().getFirst().name());
        assertEquals(List.of(expected.file(), PluginLock.FILE_NAME), visibleFiles(), "no staging left behind");

        PluginRegistry loaded = PluginLoader.load(folder(), List.of());
        assertEquals(List.of(), loaded.problems());
        assertEquals(List.of("hello-check"), installedIds(loaded));
        assertTrue(loaded.extensions(HealthCheckProvider.class).stream()
                .anyMatch(provider -> provider.healthChecks().getFirst().name().equals("example_check")));
    }

    @Test
    void aDigestMismatchInstallsNothing() throws Exception {
        Path jar = TestPluginJar.plugin("hello-check").build(work, "hello.jar");

        CoiException refused = assertThrows(CoiException.class,
                () -> installer().install(jar.toString(), Optional.of("0".repeat(64)), YES));

        assertTrue(refused.getMessage().contains("is " + Sha256.of(jar) + ", not the expected " + "0".repeat(64)),
                refused.getMessage());
        assertNothingInstalled();
    }

    @Test
    void urlsMustBeHttpsAndCarryADigest() {
        CoiException http = assertThrows(CoiException.class,
                () -> installer().install("http://example.invalid/p.jar", Optional.of("a".repeat(64)), YES));
        assertTrue(http.getMessage().contains("https only, not http"), http.getMessage());
        assertEquals(ExitCodes.USAGE, http.exitCode());
        CoiException ftp = assertThrows(CoiException.class,
                () -> installer().install("ftp://example.invalid/p.jar", Optional.of("a".repeat(64)), YES));
        assertTrue(ftp.getMessage().contains("https only, not ftp"), ftp.getMessage());
        CoiException noDigest = assertThrows(CoiException.class,
                () -> installer().install("https://example.invalid/p.jar", Optional.empty(), YES));
        assertTrue(noDigest.getMessage().contains("add --sha256 HEX"), noDigest.getMessage());
        CoiException badDigest = assertThrows(CoiException.class,
                () -> installer().install("https://example.invalid/p.jar", Optional.of("abc"), YES));
        assertTrue(badDigest.getMessage().contains("64 hexadecimal digits"), badDigest.getMessage());
        assertFalse(Files.exists(folder()), "nothing was fetched");
    }

    @Test
    void noConsentInstallsNothingAndRunsNoPluginCode() throws Exception {
        Path marker = work.resolve("constructed");
        Path jar = TestPluginJar.plugin("hello-check")
                .constructorBody("try { java.nio.file.Files.createFile(java.nio.file.Path.of(\""
                        + marker + "\")); } catch (Exception e) { }")
                .build(work, "hello.jar");

        CoiException refused = assertThrows(CoiException.class,
                () -> installer().install(jar.toString(), Optional.empty(), (manifest, sha, replaced) -> false));

        assertTrue(refused.getMessage().contains("you did not confirm"), refused.getMessage());
        assertFalse(Files.exists(marker), "the plugin's code ran before the user said yes");
        assertNothingInstalled();
    }

    @Test
    void aPluginThatFailsToLoadIsNotInstalled() throws Exception {
        Path jar = TestPluginJar.plugin("crashy").constructorBody("if (true) throw new IllegalStateException(\"boom\");")
                .build(work, "crashy.jar");

        CoiException refused = assertThrows(CoiException.class, () -> installer().install(jar.toString(), Optional.empty(), YES));

        assertTrue(refused.getMessage().contains("does not load") && refused.getMessage().contains("boom"),
                refused.getMessage());
        assertNothingInstalled();
    }

    @Test
    void aPluginStillImplementingARemovedApiTypeIsRefusedWithWhatToDo() throws Exception {
        Path jar = TestPluginJar.plugin("old-store").implementingRemovedApiType("SessionStorage").build(work, "old.jar");

        CoiException refused = assertThrows(CoiException.class, () -> installer().install(jar.toString(), Optional.empty(), YES));

        String message = refused.getMessage();
        assertTrue(message.contains("plugin old-store uses dev.coi.api.SessionStorage, which coi-api "
                + dev.coi.api.CoiApi.VERSION + " does not have"), message);
        assertTrue(message.contains("declares Plugin-Requires " + ApiRequirement.CURRENT_RANGE), message);
        assertFalse(message.contains("\tat "), message);
        assertNothingInstalled();
    }

    @Test
    void thePluginClassMustReportTheManifestsId() throws Exception {
        Path jar = TestPluginJar.plugin("hello-check").classId("something-else").build(work, "hello.jar");

        CoiException refused = assertThrows(CoiException.class, () -> installer().install(jar.toString(), Optional.empty(), YES));

        assertTrue(refused.getMessage().contains("says its id is something-else"), refused.getMessage());
        assertNothingInstalled();
    }

    @Test
    void theIdOfABundledPluginIsRefused() throws Exception {
        Path jar = TestPluginJar.plugin("tool-claude").build(work, "claude.jar");

        CoiException refused = assertThrows(CoiException.class, () -> installer().install(jar.toString(), Optional.empty(), YES));

        assertTrue(refused.getMessage().contains("comes with coi"), refused.getMessage());
        assertNothingInstalled();
    }

    @Test
    void aNewVersionReplacesTheOldOneAndItsJar() throws Exception {
        Path first = TestPluginJar.plugin("hello-check").build(work, "v1.jar");
        Path second = TestPluginJar.plugin("hello-check").attribute(PluginManifest.VERSION, "2.0.0").build(work, "v2.jar");
        installer().install(first.toString(), Optional.empty(), YES);
        Optional<LockedPlugin>[] seen = new Optional[1];

        installer().install(second.toString(), Optional.empty(), (manifest, sha, replaced) -> {
            seen[0] = replaced;
            return true;
        });

        assertEquals("1.0.0", seen[0].orElseThrow().version());
        LockedPlugin now = PluginLock.read(folder()).plugins().getFirst();
        assertEquals(1, PluginLock.read(folder()).plugins().size());
        assertEquals("2.0.0", now.version());
        assertEquals(List.of(now.file(), PluginLock.FILE_NAME), visibleFiles());
    }

    @Test
    void disabledPluginsAreNotLoadedAndRemovedOnesAreGone() throws Exception {
        Path jar = TestPluginJar.plugin("hello-check").build(work, "hello.jar");
        LockedPlugin installed = installer().install(jar.toString(), Optional.empty(), YES).locked();
        PluginFolder plugins = new PluginFolder(folder());

        assertFalse(plugins.disable("hello-check").enabled());
        assertFalse(PluginLock.read(folder()).find("hello-check").orElseThrow().enabled());
        assertEquals(List.of(), installedIds(PluginLoader.load(folder(), List.of())));
        assertEquals(List.of(), PluginLoader.load(folder(), List.of()).problems());

        assertTrue(plugins.enable("hello-check").enabled());
        assertEquals(List.of("hello-check"), installedIds(PluginLoader.load(folder(), List.of())));

        plugins.remove("hello-check");
        assertEquals(List.of(), PluginLock.read(folder()).plugins());
        assertFalse(Files.exists(folder().resolve(installed.file())));
        assertTrue(Files.exists(jar), "the file it was installed from is the user's and stays");
        CoiException unknown = assertThrows(CoiException.class, () -> plugins.remove("hello-check"));
        assertTrue(unknown.getMessage().contains("no installed plugin has the id hello-check"), unknown.getMessage());
    }

    @Test
    void aJarChangedAfterInstallingIsReportedAndSkipped() throws Exception {
        Path jar = TestPluginJar.plugin("hello-check").build(work, "hello.jar");
        LockedPlugin installed = installer().install(jar.toString(), Optional.empty(), YES).locked();
        Files.copy(TestPluginJar.plugin("hello-check").constructorBody("System.gc();").build(work, "other.jar"),
                folder().resolve(installed.file()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        PluginRegistry loaded = PluginLoader.load(folder(), List.of());

        assertEquals(List.of(), installedIds(loaded));
        assertTrue(loaded.problems().getFirst().message().contains("changed since it was installed"),
                loaded.problems().toString());
    }

    @Test
    void aPluginInstalledForTheOldApiIsSkippedAtStartUpWithWhatToDo() throws Exception {
        // as a plugin installed while coi had coi-api 0.1, which still had SessionStorage
        Path old = TestPluginJar.plugin("old-store").attribute(PluginManifest.REQUIRES, ">=0.1.0 & <0.2.0")
                .build(work, "old.jar");
        Files.createDirectories(folder());
        Files.copy(old, folder().resolve("old-store.jar"));
        new PluginLock(List.of(new LockedPlugin("old-store", "1.0.0", ">=0.1.0 & <0.2.0", Sha256.of(old),
                old.toString(), "old-store.jar", true, NOW))).write(folder());

        PluginRegistry loaded = PluginLoader.load(folder(), List.of());

        assertEquals(List.of(), installedIds(loaded));
        String message = loaded.problems().getFirst().message();
        assertTrue(message.contains("it requires coi-api >=0.1.0 & <0.2.0, this coi provides "
                + dev.coi.api.CoiApi.VERSION + ": install a version of the plugin built for coi-api "
                + dev.coi.api.CoiApi.VERSION + " or remove it with coi plugin remove old-store"), message);
    }

    @Test
    void jarsDroppedIntoTheFolderAreReportedNotLoaded() throws Exception {
        Files.createDirectories(folder());
        TestPluginJar.plugin("dropped").build(folder(), "dropped.jar");

        PluginRegistry loaded = PluginLoader.load(folder(), List.of());

        assertEquals(List.of(), installedIds(loaded));
        assertTrue(loaded.problems().getFirst().message().contains("not installed with coi plugin install"),
                loaded.problems().toString());
    }

    @Test
    void anUnreadableLockIsReportedAndCoiGoesOn() throws Exception {
        Files.createDirectories(folder());
        Files.writeString(folder().resolve(PluginLock.FILE_NAME), "{ half");

        PluginRegistry loaded = PluginLoader.load(folder(), List.of());

        assertTrue(loaded.problems().getFirst().message().contains("cannot be read"), loaded.problems().toString());
    }

    /** The kernel's tests see the bundled plugins too. */
    private static List<String> installedIds(PluginRegistry registry) {
        return registry.plugins().stream().filter(plugin -> plugin.source() == PluginSource.INSTALLED)
                .map(LoadedPlugin::id).toList();
    }

    private void assertNothingInstalled() throws Exception {
        assertEquals(List.of(), Files.exists(folder()) ? visibleFiles() : List.of());
        assertEquals(List.of(), PluginLock.read(folder()).plugins());
    }

    /** The folder's files, apart from coi's hidden mutex. */
    private List<String> visibleFiles() throws Exception {
        try (Stream<Path> files = Files.list(folder())) {
            return files.map(file -> file.getFileName().toString()).filter(name -> !name.startsWith(".coi-plugins"))
                    .sorted().toList();
        }
    }
}
