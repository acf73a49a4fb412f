package dev.coi.kernel.images.build;

import dev.coi.api.AiTool;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.TestInstances;
import dev.coi.kernel.plugin.PluginLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The default coi image as the offline builder makes it, built and imported once per JVM because the build takes
 * minutes: every integration test that needs a real coi image shares it. It is imported under a fresh alias
 * ({@code coi-it-image-...}) and deleted from Incus when the JVM ends; the work directory (in {@code /var/tmp})
 * is deleted as soon as the image is imported. A failed build fails every later caller at once instead of
 * building again.
 *
 * <p>The tools are those of {@code coi build} with the default {@code [tool] name}: Claude Code, from the bundled
 * plugin, whose step is required, and no other tool of the plugins (they would add minutes). Two tool steps of the
 * test's own go in besides: {@value #FAILING_TOOL}, which fails like a tool whose package source is unreachable
 * and so must only be a warning, and {@value #MARKER_TOOL}, which writes {@value #MARKER_FILE}.
 */
public final class OfflineTestImage {

    /** The tool installed as the configured one, like {@code coi build} with the default {@code [tool] name}. */
    public static final String CONFIGURED_TOOL = "claude";

    /** A tool whose install step fails; the build must say so and go on. */
    public static final String FAILING_TOOL = "failing-tool";

    /** A tool whose install step works. */
    public static final String MARKER_TOOL = "marker-tool";

    /** What {@value #MARKER_TOOL} writes. */
    public static final String MARKER_FILE = "/usr/local/share/coi-it-marker";

    private static Built built;
    private static RuntimeException failure;

    /**
     * The build and its image in Incus.
     *
     * @param alias the image's alias
     * @param fingerprint the image's fingerprint
     * @param result the build's result; its tarball no longer exists
     * @param workDir where it was built; deleted by now
     * @param log every output line of the build
     * @param importTime how long the import into Incus took
     */
    public record Built(String alias, String fingerprint, OfflineBuildResult result, Path workDir, List<String> log,
            Duration importTime) {
    }

    private OfflineTestImage() {
    }

    /**
     * Builds and imports the image on the first call; later calls return the same.
     *
     * @param client the client to import with
     * @return the image
     */
    public static synchronized Built get(IncusClient client) {
        if (failure != null) {
            throw new IllegalStateException("the offline image build failed before: " + failure.getMessage(), failure);
        }
        if (built == null) {
            try {
                built = build(client);
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return built;
    }

    private static Built build(IncusClient client) {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Path workDir = null;
        try {
            workDir = Files.createTempDirectory(Path.of("/var/tmp"), "coi-offline-build-");
            AiTool configured = PluginLoader.bundled().tool(CONFIGURED_TOOL).orElseThrow();
            if (configured.imageInstallScript().isEmpty()) {
                throw new IllegalStateException("the " + CONFIGURED_TOOL + " tool on the class path has no image"
                        + " install script: an old plugin jar from the local Maven repository? Run with -am");
            }
            List<ToolInstallStep> tools = new ArrayList<>(ToolInstallStep.of(List.of(configured), CONFIGURED_TOOL));
            tools.add(new ToolInstallStep(FAILING_TOOL, "echo 'cannot reach the package source'\nexit 3\n", false));
            tools.add(new ToolInstallStep(MARKER_TOOL, "echo installed >" + MARKER_FILE + "\n", false));
            OfflineBuildRequest request = OfflineBuildRequest.withHostDefaults(workDir, List.of(), tools);
            OfflineBuildResult result;
            try {
                result = new OfflineImageBuilder().build(request, line -> {
                    log.add(line);
                    if (line.startsWith("[coi]")) {
                        System.err.println(line);
                    }
                });
            } catch (RuntimeException e) {
                throw new IllegalStateException(e.getMessage() + "\nlast lines of the build:\n"
                        + String.join("\n", log.subList(Math.max(0, log.size() - 60), log.size())), e);
            }
            String alias = TestInstances.PREFIX + "image-" + HexFormat.of().toHexDigits(
                    ThreadLocalRandom.current().nextInt());
            long start = System.nanoTime();
            String fingerprint = client.images().importTarball(result.tarball(), List.of(alias), Map.of(), false);
            Duration importTime = Duration.ofNanos(System.nanoTime() - start);
            deleteWhenTheTestsEnd(client, fingerprint);
            System.err.println("[coi-it] imported " + alias + " (" + fingerprint.substring(0, 12) + ") in "
                    + StepTime.seconds(importTime));
            return new Built(alias, fingerprint, result, workDir, List.copyOf(log), importTime);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the image", e);
        } finally {
            if (workDir != null) {
                try {
                    WorkDirs.delete(workDir);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static void deleteWhenTheTestsEnd(IncusClient client, String fingerprint) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                client.images().delete(fingerprint);
            } catch (IncusException e) {
                System.err.println("could not delete the test image " + fingerprint + ": " + e.getMessage());
            }
        }, "delete-offline-test-image"));
    }
}
