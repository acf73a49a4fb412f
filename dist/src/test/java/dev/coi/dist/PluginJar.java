package dev.coi.dist;

import dev.coi.api.CoiPlugin;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds a real third-party plugin jar from Java source, the way a plugin author would. */
final class PluginJar {

    private PluginJar() {
    }

    /**
     * Compiles {@code source} (a class {@code example.ExamplePlugin} implementing {@link CoiPlugin}) against
     * coi-api and packs it as a PF4J plugin jar.
     */
    static Path build(Path workDir, String pluginId, String requires, String source) throws IOException {
        Path sources = Files.createDirectories(workDir.resolve("src/example"));
        Files.writeString(sources.resolve("ExamplePlugin.java"), source);
        Path classes = Files.createDirectories(workDir.resolve("classes"));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int result = compiler.run(null, null, null, "--release", "21", "-d", classes.toString(),
                "-cp", apiJar().toString(), sources.resolve("ExamplePlugin.java").toString());
        if (result != 0) {
            throw new IllegalStateException("the example plugin did not compile");
        }
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.putValue("Plugin-Id", pluginId);
        attributes.putValue("Plugin-Version", "1.2.3");
        if (requires != null) {
            attributes.putValue("Plugin-Requires", requires);
        }
        Path jar = workDir.resolve(pluginId + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            add(out, "META-INF/services/" + CoiPlugin.class.getName(), "example.ExamplePlugin\n".getBytes(StandardCharsets.UTF_8));
            try (Stream<Path> compiled = Files.list(classes.resolve("example"))) {
                for (Path file : compiled.toList()) {
                    add(out, "example/" + file.getFileName(), Files.readAllBytes(file));
                }
            }
        }
        return jar;
    }

    private static void add(JarOutputStream jar, String name, byte[] content) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        jar.write(content);
        jar.closeEntry();
    }

    private static Path apiJar() {
        try {
            return Path.of(CoiPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static void writeGarbage(Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar)) {
            out.write("this is not a jar".getBytes(StandardCharsets.UTF_8));
        }
    }
}
