package dev.coi.kernel.images.build;

import dev.coi.api.AiTool;
import dev.coi.api.ImageBuildRequest;
import dev.coi.kernel.incus.TestInstances;
import dev.coi.kernel.plugin.PluginLoader;
import dev.coi.plugin.debian.DebianMirrors;
import dev.coi.plugin.debian.OfflineBuildRequest;
import dev.coi.plugin.debian.OfflineImageBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * What the test images are made from, and the hash that names them in Incus: the offline builder's package in the
 * image-debian plugin (its classes and the image script, as compiled), the tools' install steps, the Debian mirror and suite, the host's
 * extra CA certificates, the stub scripts and the test's own build classes. A change to any of them gives new names, so the images are built
 * again; an unchanged recipe finds the images the last run left (in this module or another).
 *
 * @param hash the SHA-256 of all that, in hex
 * @param tools the tools' install steps of the offline image
 */
public record TestImageRecipe(String hash, List<ImageBuildRequest.Tool> tools) {

    /** The tool installed as the configured one, like {@code coi build} with the default {@code [tool] name}. */
    public static final String CONFIGURED_TOOL = "claude";

    /** A tool whose install step fails; the build must say so and go on. */
    public static final String FAILING_TOOL = "failing-tool";

    /** A tool whose install step works. */
    public static final String MARKER_TOOL = "marker-tool";

    /** What {@value #MARKER_TOOL} writes. */
    public static final String MARKER_FILE = "/usr/local/share/coi-it-marker";

    /** The scripts that make the stub image from the offline one, run in this order in its root. */
    public static final List<String> STUB_SCRIPTS = List.of("/dev/coi/kernel/sessions/stub-install.sh",
            "/dev/coi/kernel/sessions/stub-tools-install.sh");

    /** The test's own part of the build: how it makes the stub image and what it keeps of the build. */
    private static final List<String> TEST_BUILD_CLASSES = List.of("TestImageBuild.class",
            "TestImageBuild$BuildRecord.class", "/dev/coi/plugin/debian/TestRoots.class");

    private static final String BUILDER_PACKAGE = "dev/coi/plugin/debian/";

    /**
     * The recipe of the code and host this JVM runs on.
     *
     * @return the recipe
     */
    public static TestImageRecipe current() {
        List<ImageBuildRequest.Tool> tools = installSteps();
        MessageDigest sha = sha256();
        TEST_BUILD_CLASSES.forEach(name -> sha.update(resource(name)));
        builderFiles().forEach(file -> {
            add(sha, file.name());
            sha.update(file.content());
        });
        tools.forEach(tool -> add(sha, tool.name() + "\n" + tool.required() + "\n" + tool.script()));
        DebianMirrors mirrors = DebianMirrors.ofHost();
        add(sha, OfflineBuildRequest.DEFAULT_SUITE + " " + mirrors.mirror() + " " + mirrors.securityMirror());
        for (Path certificate : HostCertificates.paths(HostCertificates.LOCAL_CERTIFICATES, List.of())) {
            add(sha, certificate.toString());
            sha.update(read(certificate));
        }
        STUB_SCRIPTS.forEach(script -> sha.update(resource(script)));
        return new TestImageRecipe(HexFormat.of().formatHex(sha.digest()), tools);
    }

    /** The alias of the default image built offline, with real Claude Code. */
    public String offlineAlias() {
        return TestInstances.PREFIX + "offline-" + hash.substring(0, 12);
    }

    /** The alias of the same image with the stub tools instead of the real one. */
    public String stubAlias() {
        return TestInstances.PREFIX + "stub-" + hash.substring(0, 12);
    }

    /** Whether an alias names a test image of some recipe, this one or an older. */
    static boolean isTestImageAlias(String alias) {
        return alias.startsWith(TestInstances.PREFIX + "offline-") || alias.startsWith(TestInstances.PREFIX + "stub-");
    }

    /**
     * The bytes of a resource of the tests, e.g. one of {@link #STUB_SCRIPTS}.
     *
     * @param resource its name, relative to this package or absolute
     * @return its content
     */
    static byte[] resource(String resource) {
        try (InputStream in = TestImageRecipe.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the test class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The tools of {@code coi build} with the default {@code [tool] name}: Claude Code, from the bundled plugin,
     * whose step is required, and no other tool of the plugins (they would add minutes); then two of the test's
     * own: {@value #FAILING_TOOL}, which fails like a tool whose package source is unreachable and so must only be
     * a warning, and {@value #MARKER_TOOL}, which writes {@value #MARKER_FILE}.
     */
    private static List<ImageBuildRequest.Tool> installSteps() {
        AiTool configured = PluginLoader.bundled().tool(CONFIGURED_TOOL).orElseThrow();
        if (configured.imageInstallScript().isEmpty()) {
            throw new IllegalStateException("the " + CONFIGURED_TOOL + " tool on the class path has no image"
                    + " install script: an old plugin jar from the local Maven repository? Run with -am");
        }
        List<ImageBuildRequest.Tool> tools = new ArrayList<>(ImageTools.of(List.of(configured), CONFIGURED_TOOL));
        tools.add(new ImageBuildRequest.Tool(FAILING_TOOL, "echo 'cannot reach the package source'\nexit 3\n",
                false));
        tools.add(new ImageBuildRequest.Tool(MARKER_TOOL, "echo installed >" + MARKER_FILE + "\n", false));
        return List.copyOf(tools);
    }

    private record PackageFile(String name, byte[] content) {
    }

    /** The builder's package as compiled: a directory of the build, or an entry list of the plugin's jar. */
    private static List<PackageFile> builderFiles() {
        try {
            Path source = Path.of(OfflineImageBuilder.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI());
            List<PackageFile> files = new ArrayList<>();
            if (Files.isDirectory(source)) {
                try (Stream<Path> entries = Files.list(source.resolve(BUILDER_PACKAGE))) {
                    for (Path entry : entries.filter(Files::isRegularFile).sorted().toList()) {
                        files.add(new PackageFile(entry.getFileName().toString(), Files.readAllBytes(entry)));
                    }
                }
            } else {
                try (JarFile jar = new JarFile(source.toFile())) {
                    for (var entry : jar.stream().filter(each -> !each.isDirectory())
                            .filter(each -> each.getName().startsWith(BUILDER_PACKAGE)
                                    && each.getName().indexOf('/', BUILDER_PACKAGE.length()) < 0)
                            .sorted(Comparator.comparing(ZipEntry::getName)).toList()) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            files.add(new PackageFile(entry.getName().substring(BUILDER_PACKAGE.length()),
                                    in.readAllBytes()));
                        }
                    }
                }
            }
            if (files.isEmpty()) {
                throw new IllegalStateException("found no files of the image builder in " + source);
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void add(MessageDigest sha, String text) {
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
