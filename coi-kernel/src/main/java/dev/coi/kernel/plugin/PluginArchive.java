package dev.coi.kernel.plugin;

import dev.coi.api.CoiPlugin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

/**
 * Checks a plugin jar before any of its code runs: its manifest, entry names that could escape a folder when
 * unpacked (zip-slip), classes in coi's own namespace (which would shadow the kernel's or a bundled plugin's
 * classes, the plugin class loader looks into the plugin first), and the services file that names its plugin.
 */
final class PluginArchive {

    /** coi's own packages: {@code dev.coi.api}, {@code dev.coi.kernel}, the bundled {@code dev.coi.plugin.*}. */
    static final String RESERVED_PACKAGES = "dev/coi/";

    static final String SERVICES_FILE = "META-INF/services/" + CoiPlugin.class.getName();

    private static final Pattern VERSIONED = Pattern.compile("META-INF/versions/[0-9]+/");

    private PluginArchive() {
    }

    /**
     * @param jar the file to check
     * @param where how to name it in messages (the path or URL the user gave)
     * @return its manifest
     * @throws dev.coi.kernel.base.CoiException (failure) saying what is wrong
     */
    static PluginManifest inspect(Path jar, String where) {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            List<String> classes = new ArrayList<>();
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (escapes(name)) {
                    throw PluginManifest.rejected(where, "it holds an entry whose path leaves its folder when"
                            + " unpacked (\"" + name + "\"); the archive is malformed or malicious");
                }
                String unversioned = VERSIONED.matcher(name).replaceFirst("");
                if (unversioned.startsWith(RESERVED_PACKAGES) && name.endsWith(".class")) {
                    throw PluginManifest.rejected(where, "it holds " + name + ", a class in coi's own package "
                            + packageOf(unversioned) + " (dev.coi.* is reserved for coi and its bundled plugins);"
                            + " put the plugin's classes in a package of your own, e.g. org.example.coi");
                }
                if (name.endsWith(".class")) {
                    classes.add(unversioned);
                }
            }
            Manifest manifest = file.getManifest();
            if (manifest == null) {
                throw PluginManifest.rejected(where, "it has no META-INF/MANIFEST.MF");
            }
            PluginManifest read = PluginManifest.read(where, manifest);
            checkServices(file, where, classes);
            return read;
        } catch (IOException e) {
            throw PluginManifest.rejected(where, "it cannot be read as a jar (" + e.getMessage() + ")");
        }
    }

    private static void checkServices(JarFile file, String where, List<String> classes) throws IOException {
        JarEntry services = file.getJarEntry(SERVICES_FILE);
        if (services == null) {
            throw PluginManifest.rejected(where, "it has no " + SERVICES_FILE + " naming its "
                    + CoiPlugin.class.getSimpleName() + " class");
        }
        List<String> named = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(file.getInputStream(services), StandardCharsets.UTF_8))) {
            reader.lines().map(line -> line.replaceFirst("#.*", "").strip()).filter(line -> !line.isEmpty())
                    .forEach(named::add);
        }
        if (named.isEmpty()) {
            throw PluginManifest.rejected(where, SERVICES_FILE + " names no class");
        }
        for (String className : named) {
            if (!classes.contains(className.replace('.', '/') + ".class")) {
                throw PluginManifest.rejected(where, SERVICES_FILE + " names " + className
                        + ", which is not in the jar");
            }
        }
    }

    /** Absolute, drive-letter, backslash or {@code ..} names: what zip-slip attacks use. */
    static boolean escapes(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.indexOf('\0') >= 0
                || name.matches("^[A-Za-z]:.*")) {
            return true;
        }
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private static String packageOf(String classFile) {
        int slash = classFile.lastIndexOf('/');
        return classFile.substring(0, Math.max(slash, 0)).replace('/', '.');
    }
}
