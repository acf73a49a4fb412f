package dev.coi.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.incus.ImageInfo;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.TestImage;
import dev.coi.kernel.incus.TestInstances;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build stopped by SIGTERM (what Ctrl-C does too, through the same shutdown hook), with the packaged
 * {@code bin/coi} run as a user runs it: the build container and any unfinished image are gone afterwards.
 */
class BuildInterruptIT {

    private static final Path LAUNCHER = Path.of("target/coi/bin/coi").toAbsolutePath();
    private static final Pattern BUILD_CONTAINER = Pattern.compile("Creating build container (coi-build-[0-9a-f]{8})");

    @TempDir
    Path home;

    @Test
    void aBuildStoppedBySigtermLeavesNothingBehind() throws Exception {
        IncusClient incus = IncusClient.local(null);
        String base = TestImage.alias(incus);
        String name = new TestInstances(incus).newName() + "-img";
        Path script = Files.writeString(home.resolve("slow.sh"), "#!/bin/sh\necho started\nsleep 120\n");
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "build", "custom", name, "--script",
                script.toString(), "--base", base).directory(home.toFile())
                .redirectOutput(home.resolve("stdout").toFile()).redirectError(home.resolve("stderr").toFile());
        builder.environment().put("HOME", home.toString());
        Process coi = builder.start();
        Optional<String> container = Optional.empty();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!stderr().contains("started") && coi.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            List<String> started = stderr();
            container = started.stream().map(BUILD_CONTAINER::matcher).filter(Matcher::find)
                    .map(matcher -> matcher.group(1)).findFirst();
            assertTrue(started.contains("started") && container.isPresent(), started::toString);
            assertTrue(incus.instance(container.get()).isPresent());

            coi.destroy();

            assertTrue(coi.waitFor(90, TimeUnit.SECONDS), "coi ended after SIGTERM");
            List<String> stderr = stderr();
            assertEquals(143, coi.exitValue(), stderr::toString);
            assertTrue(stderr.stream().anyMatch(line -> line.contains("interrupted")), stderr::toString);
            assertFalse(incus.instance(container.get()).isPresent(), "the build container is gone");
            assertTrue(images(incus, name).isEmpty(), "no image was made");
        } finally {
            coi.destroyForcibly();
            container.ifPresent(incus::deleteForcibly);
            images(incus, name).forEach(image -> incus.images().delete(image.fingerprint()));
        }
    }

    private static List<ImageInfo> images(IncusClient incus, String name) {
        return incus.images().list().stream()
                .filter(image -> image.aliases().stream().anyMatch(alias -> alias.name().startsWith(name)))
                .toList();
    }

    private List<String> stderr() throws IOException {
        return Files.readAllLines(home.resolve("stderr"));
    }
}
