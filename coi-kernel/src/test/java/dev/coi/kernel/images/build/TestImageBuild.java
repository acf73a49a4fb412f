package dev.coi.kernel.images.build;

import dev.coi.api.ImageBuildRequest;
import dev.coi.kernel.base.BuildInfo;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.plugin.debian.OfflineBuildRequest;
import dev.coi.plugin.debian.OfflineBuildResult;
import dev.coi.plugin.debian.OfflineImageBuilder;
import dev.coi.plugin.debian.StepTime;
import dev.coi.plugin.debian.TestRoots;
import dev.coi.plugin.debian.WorkDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Builds the two test images of a {@link TestImageRecipe} and imports them under its aliases: the default coi
 * image made by the real offline builder of the image-debian plugin, then, from the same root, the stub image (the
 * stub scripts run in it through {@code chroot}, as the image script does, and packed again: {@link TestRoots}). Needs root, like {@code coi build --base
 * offline}: the tests run it in their JVM as root, and otherwise in a JVM of its own through {@code sudo -n}
 * ({@link #main}).
 *
 * <p>The offline image carries the build's record as properties ({@link BuildRecord}), so that a later run, or
 * another module, that finds it can still check what the build did.
 */
public final class TestImageBuild {

    private static final String STUB_DESCRIPTION = "coi test image (stub-claude as claude, stub-aider, stub-tool)";

    private TestImageBuild() {
    }

    /** Builds the images of the recipe this JVM computes; exits 0 when both are imported. */
    public static void main(String[] args) {
        try {
            build(IncusClient.local(null), TestImageRecipe.current());
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    /**
     * Builds and imports both images.
     *
     * @param client the Incus daemon to import into
     * @param recipe what to build
     * @throws InterruptedException when interrupted; the build root is unmounted and deleted by then
     */
    static void build(IncusClient client, TestImageRecipe recipe) throws InterruptedException {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Consumer<String> output = line -> {
            log.add(line);
            if (line.startsWith("[coi]")) {
                System.err.println(line);
            }
        };
        Path workDir = null;
        try {
            workDir = Files.createTempDirectory(Path.of("/var/tmp"), "coi-offline-build-");
            BuildInfo coi = BuildInfo.current();
            ImageBuildRequest image = new ImageBuildRequest(coi.version() + "+" + coi.commit(),
                    HostCertificates.paths(HostCertificates.LOCAL_CERTIFICATES, List.of()), recipe.tools());
            OfflineBuildRequest request = OfflineBuildRequest.withHostDefaults(workDir, image);
            OfflineBuildResult result;
            try {
                result = new OfflineImageBuilder().build(request, output);
            } catch (RuntimeException e) {
                throw new IllegalStateException(e.getMessage() + "\nlast lines of the build:\n"
                        + String.join("\n", log.subList(Math.max(0, log.size() - 60), log.size())), e);
            }
            BuildRecord record = new BuildRecord(recipe.hash(), result.steps(),
                    log.stream().filter(line -> line.startsWith("[coi]")).toList(), workDir);
            long start = System.nanoTime();
            String fingerprint = client.images().importTarball(result.tarball(), List.of(recipe.offlineAlias()),
                    record.properties(), false);
            Duration importTime = Duration.ofNanos(System.nanoTime() - start);
            System.err.println("[coi-it] imported " + recipe.offlineAlias() + " (" + fingerprint.substring(0, 12)
                    + ") in " + StepTime.seconds(importTime));
            Files.delete(result.tarball());

            start = System.nanoTime();
            Path stubTarball = stubTarball(workDir, output);
            String stub = client.images().importTarball(stubTarball, List.of(recipe.stubAlias()),
                    Map.of("coi-it.recipe", recipe.hash()), false);
            System.err.println("[coi-it] made " + recipe.stubAlias() + " (" + stub.substring(0, 12) + ") in "
                    + StepTime.seconds(Duration.ofNanos(System.nanoTime() - start)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (workDir != null) {
                WorkDirs.delete(workDir);
            }
        }
    }

    /** The stub scripts run in the built root, which is then packed as the builder packs it. */
    private static Path stubTarball(Path workDir, Consumer<String> output) throws IOException, InterruptedException {
        Map<String, byte[]> scripts = new LinkedHashMap<>();
        for (String resource : TestImageRecipe.STUB_SCRIPTS) {
            scripts.put(resource.substring(resource.lastIndexOf('/') + 1), TestImageRecipe.resource(resource));
        }
        return TestRoots.repack(workDir, scripts, STUB_DESCRIPTION, OfflineBuildRequest.DEFAULT_SUITE, output);
    }

    /**
     * What the offline build did, kept with its image.
     *
     * @param recipe the recipe's hash
     * @param steps how long each step took
     * @param log the build's own lines ({@code [coi] ...})
     * @param workDir where it was built; deleted by the end of the build
     */
    public record BuildRecord(String recipe, List<StepTime> steps, List<String> log, Path workDir) {

        private static final String PREFIX = "coi-it.";

        Map<String, String> properties() {
            return Map.of(PREFIX + "recipe", recipe,
                    PREFIX + "steps", steps.stream().map(step -> step.step() + "=" + step.duration().toMillis())
                            .collect(Collectors.joining(",")),
                    PREFIX + "log", String.join("\n", log),
                    PREFIX + "workdir", workDir.toString());
        }

        /**
         * The record an image carries, if it carries one of this recipe.
         *
         * @param properties the image's properties
         * @param recipe the hash it must have been built from
         * @return the record, or null
         */
        static BuildRecord of(Map<String, String> properties, String recipe) {
            if (!recipe.equals(properties.get(PREFIX + "recipe")) || !properties.containsKey(PREFIX + "steps")) {
                return null;
            }
            List<StepTime> steps = new ArrayList<>();
            for (String step : properties.get(PREFIX + "steps").split(",")) {
                int equals = step.lastIndexOf('=');
                steps.add(new StepTime(step.substring(0, equals),
                        Duration.ofMillis(Long.parseLong(step.substring(equals + 1)))));
            }
            return new BuildRecord(recipe, steps, properties.getOrDefault(PREFIX + "log", "").lines().toList(),
                    Path.of(properties.getOrDefault(PREFIX + "workdir", "/nonexistent")));
        }

        /** The step times as {@code debootstrap 25.6s, ..., total 123.8s}. */
        public String summary() {
            Duration total = steps.stream().map(StepTime::duration).reduce(Duration.ZERO, Duration::plus);
            return steps.stream().map(StepTime::toString).collect(Collectors.joining(", ")) + ", total "
                    + StepTime.seconds(total);
        }
    }
}
