package dev.coi.kernel.plugin;

import dev.coi.api.CoiPlugin;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/** Builds real plugin jars for tests: Java source compiled against coi-api, a PF4J manifest, extra entries. */
final class TestPluginJar {

    static final String REQUIRES = ApiRequirement.CURRENT_RANGE;

    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final Map<String, byte[]> extra = new LinkedHashMap<>();
    private String body = "";
    private String id;
    private String removedApiType;

    private TestPluginJar(String id) {
        this.id = id;
        attributes.put(PluginManifest.ID, id);
        attributes.put(PluginManifest.VERSION, "1.0.0");
        attributes.put(PluginManifest.REQUIRES, REQUIRES);
    }

    /** A plugin {@code example.ExamplePlugin} with this id and one health check named {@code example_check}. */
    static TestPluginJar plugin(String id) {
        return new TestPluginJar(id);
    }

    TestPluginJar attribute(String name, String value) {
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
        return this;
    }

    /** Java statements run in the plugin's constructor. */
    TestPluginJar constructorBody(String statements) {
        body = statements;
        return this;
    }

    /** The id the plugin class reports, when it should differ from the manifest's. */
    TestPluginJar classId(String classId) {
        id = classId;
        return this;
    }

    /**
     * Its health check provider also implements {@code dev.coi.api.<simpleName>}, a type an older coi-api had: the
     * plugin compiles against a stand-in that is not put into the jar, as a plugin built for that coi-api would.
     */
    TestPluginJar implementingRemovedApiType(String simpleName) {
        removedApiType = simpleName;
        return this;
    }

    TestPluginJar entry(String name, String content) {
        extra.put(name, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    Path build(Path dir, String fileName) throws IOException {
        Path work = Files.createTempDirectory(dir, "plugin-src");
        Path sources = Files.createDirectories(work.resolve("src/example"));
        Files.writeString(sources.resolve("ExamplePlugin.java"), """
                package example;

                import dev.coi.api.*;
                import java.util.*;

                public final class ExamplePlugin implements CoiPlugin {
                    public ExamplePlugin() { %s }
                    public String id() { return "%s"; }
                    public String description() { return "an example"; }
                    public List<Extension> extensions() { return List.of(new Checks()); }

                    static final class Checks implements HealthCheckProvider%s {
                        public String name() { return "example"; }
                        public List<HealthCheck> healthChecks() {
                            return List.of(new HealthCheck() {
                                public String name() { return "example_check"; }
                                public String category() { return "PLUGINS"; }
                                public HealthResult run(HostCommands host, HostProbe probe) { return HealthResult.ok("fine"); }
                            });
                        }
                    }
                }
                """.formatted(body, id, removedApiType == null ? "" : ", dev.coi.api." + removedApiType));
        List<String> javac = new ArrayList<>(List.of("--release", "21", "-d", work.resolve("classes").toString(),
                "-cp", apiClasses().toString(), sources.resolve("ExamplePlugin.java").toString()));
        if (removedApiType != null) {
            Path standIn = Files.createDirectories(work.resolve("src/dev/coi/api")).resolve(removedApiType + ".java");
            Files.writeString(standIn, "package dev.coi.api;\npublic interface " + removedApiType + " {\n}\n");
            javac.add(standIn.toString());
        }
        Path classes = Files.createDirectories(work.resolve("classes"));
        int result = ToolProvider.getSystemJavaCompiler().run(null, null, null, javac.toArray(String[]::new));
        if (result != 0) {
            throw new IllegalStateException("the test plugin did not compile");
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.forEach(manifest.getMainAttributes()::putValue);
        Path jar = dir.resolve(fileName);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            add(out, PluginArchive.SERVICES_FILE, "example.ExamplePlugin\n".getBytes(StandardCharsets.UTF_8));
            try (Stream<Path> compiled = Files.list(classes.resolve("example"))) {
                for (Path file : compiled.toList()) {
                    add(out, "example/" + file.getFileName(), Files.readAllBytes(file));
                }
            }
            for (Map.Entry<String, byte[]> entry : extra.entrySet()) {
                add(out, entry.getKey(), entry.getValue());
            }
        }
        return jar;
    }

    private static void add(JarOutputStream jar, String name, byte[] content) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        jar.write(content);
        jar.closeEntry();
    }

    private static Path apiClasses() {
        try {
            return Path.of(CoiPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
