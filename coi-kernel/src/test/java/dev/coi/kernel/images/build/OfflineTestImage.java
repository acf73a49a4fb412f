package dev.coi.kernel.images.build;

import dev.coi.kernel.incus.ImageAlias;
import dev.coi.kernel.incus.ImageInfo;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.testing.RootJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The test images of the current {@link TestImageRecipe}, built once and kept in Incus under the recipe's aliases:
 * every integration test of every module that needs a real coi image shares them, and a later run whose recipe did
 * not change builds nothing. Missing, they are built ({@link TestImageBuild}) as root, the way {@code sudo coi build
 * --base offline} builds, while other JVMs of this user wait on a lock; the images of older recipes are deleted
 * then, and a half-built pair of this one. {@code -Dcoi.it.rebuildImages=true} builds them again, once per Maven run,
 * even when they exist. A failed build fails every later caller at once instead of building again.
 */
public final class OfflineTestImage {

    private static final String LOCK = "/var/tmp/coi-it-images-%s.lock";

    private static Built built;
    private static RuntimeException failure;

    /**
     * The images in Incus.
     *
     * @param alias the default image's alias, with real Claude Code
     * @param fingerprint its fingerprint
     * @param stubAlias the alias of the image with the stub tools (stub-claude as {@code claude}, stub-aider as
     *                  {@code aider}, stub-tool)
     * @param record what the build that made them did
     * @param reused whether this JVM found them rather than built them
     */
    public record Built(String alias, String fingerprint, String stubAlias, TestImageBuild.BuildRecord record,
            boolean reused) {

        Built built() {
            return new Built(alias, fingerprint, stubAlias, record, false);
        }
    }

    private OfflineTestImage() {
    }

    /**
     * The images, built on the first call of any JVM for this recipe; later calls return the same.
     *
     * @param client the client of the Incus daemon
     * @return the images
     */
    public static synchronized Built get(IncusClient client) {
        if (failure != null) {
            throw new IllegalStateException("the test image build failed before: " + failure.getMessage(), failure);
        }
        if (built == null) {
            try {
                built = findOrBuild(client, TestImageRecipe.current());
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return built;
    }

    private static Built findOrBuild(IncusClient client, TestImageRecipe recipe) {
        Instant builtAfter = Boolean.getBoolean("coi.it.rebuildImages") ? runStart() : Instant.MIN;
        Optional<Built> found = find(client, recipe, builtAfter);
        if (found.isPresent()) {
            return announce(found.get());
        }
        try (FileChannel channel = FileChannel.open(Path.of(LOCK.formatted(System.getProperty("user.name"))),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            found = find(client, recipe, builtAfter);
            if (found.isPresent()) {
                return announce(found.get());
            }
            deleteTestImages(client);
            System.err.println("[coi-it] building the test images " + recipe.offlineAlias() + " and "
                    + recipe.stubAlias() + " (minutes; later runs reuse them until their recipe changes)");
            if (RootJvm.isRoot()) {
                TestImageBuild.build(client, recipe);
            } else {
                RootJvm.Result build = RootJvm.run("building the test images (debootstrap, chroot, mounts)",
                        TestImageBuild.class);
                System.err.print(build.err());
                if (build.exitCode() != 0) {
                    throw new IllegalStateException("building the test images as root failed (exit "
                            + build.exitCode() + "); its output is above");
                }
            }
            return find(client, recipe, Instant.MIN).map(Built::built).orElseThrow(() -> new IllegalStateException(
                    "the test images of " + recipe.hash() + " were built but " + recipe.offlineAlias() + " or "
                    + recipe.stubAlias() + " is not in Incus: did the build as root compute another recipe?"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the test images", e);
        }
    }

    /** The images of the recipe, if both are there and were uploaded after {@code builtAfter}. */
    private static Optional<Built> find(IncusClient client, TestImageRecipe recipe, Instant builtAfter) {
        Optional<String> offline = client.images().alias(recipe.offlineAlias()).map(ImageAlias::target);
        Optional<String> stub = client.images().alias(recipe.stubAlias()).map(ImageAlias::target);
        if (offline.isEmpty() || stub.isEmpty()) {
            return Optional.empty();
        }
        return client.images().image(offline.get())
                .filter(image -> image.uploadedAt() != null && image.uploadedAt().isAfter(builtAfter))
                .map(ImageInfo::properties)
                .map(properties -> TestImageBuild.BuildRecord.of(properties, recipe.hash()))
                .map(record -> new Built(recipe.offlineAlias(), offline.get(), recipe.stubAlias(), record, true));
    }

    /** When this Maven run started: images from before it are what -Dcoi.it.rebuildImages=true replaces. */
    private static Instant runStart() {
        String start = System.getProperty("coi.it.runStart", "");
        try {
            return Instant.parse(start);
        } catch (DateTimeParseException e) {
            // run outside Maven: this JVM's start
            return ProcessHandle.current().info().startInstant().orElse(Instant.now());
        }
    }

    private static Built announce(Built found) {
        System.err.println("[coi-it] using the test images " + found.alias() + " and " + found.stubAlias()
                + " built earlier (-Dcoi.it.rebuildImages=true builds them again)");
        return found;
    }

    /** Deletes the test images of every recipe: older ones, and a half-built pair of this one. */
    private static void deleteTestImages(IncusClient client) {
        for (ImageInfo image : client.images().list()) {
            if (image.aliases().stream().map(ImageAlias::name).anyMatch(TestImageRecipe::isTestImageAlias)) {
                client.images().delete(image.fingerprint());
            }
        }
    }
}
