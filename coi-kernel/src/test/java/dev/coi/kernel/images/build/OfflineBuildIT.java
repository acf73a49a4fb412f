package dev.coi.kernel.images.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.Progress;
import dev.coi.kernel.incus.ImageAlias;
import dev.coi.kernel.incus.ImageInfo;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.TestImage;
import dev.coi.kernel.incus.TestInstances;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline path around the rootfs builder, with a stand-in builder that returns the busybox test image: its
 * tarball is imported, versioned and named like any build, and deleted afterwards.
 */
class OfflineBuildIT {

    private static final Clock NOON = Clock.fixed(Instant.parse("2026-01-02T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final IncusClient incus = IncusClient.local(null);
    private final String alias = new TestInstances(incus).newName() + "-offline";
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Progress progress = new Progress() {
        @Override
        public void step(String message) {
            lines.add(message);
        }

        @Override
        public void info(String message) {
            lines.add(message);
        }

        @Override
        public void warn(String message) {
            lines.add("warning: " + message);
        }
    };

    @AfterEach
    void deleteImages() {
        for (ImageInfo image : incus.images().list()) {
            if (image.aliases().stream().anyMatch(name -> name.name().startsWith(alias))) {
                incus.images().delete(image.fingerprint());
            }
        }
    }

    /** Stands in for the debootstrap builder: checks it got the recipe and hands back a tarball of its own. */
    private RootfsBuilder standIn(String description, List<Path> tarballs) {
        return (recipe, log) -> {
            assertEquals(List.of("build.sh"), recipe.steps().stream().map(BuildRecipe.Step::script).toList());
            log.accept("pretending to debootstrap");
            try {
                Path tarball = TestImage.build(Files.createTempDirectory(dir, "rootfs"), description);
                tarballs.add(tarball);
                return tarball;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private BuiltImage build(RootfsBuilder rootfs) throws IOException {
        BuildRecipe recipe = ImageRecipes.custom(Files.writeString(dir.resolve("build.sh"), "true\n"));
        return new ImageBuilder(incus, progress, NOON).build(alias, "offline test image", recipe,
                new OfflineImageMaker(incus, rootfs, progress));
    }

    @Test
    void theTarballIsImportedVersionedNamedAndDeleted() throws IOException {
        List<Path> tarballs = new CopyOnWriteArrayList<>();

        BuiltImage built = build(standIn("coi offline test " + alias, tarballs));

        String fingerprint = built.fingerprint().orElseThrow();
        assertEquals(Optional.of(alias + "-20260102-120000"), built.version());
        assertEquals(Optional.of(fingerprint), incus.images().alias(alias).map(ImageAlias::target));
        assertEquals(Optional.of(fingerprint), incus.images().alias(alias + "-20260102-120000").map(ImageAlias::target));
        assertEquals("offline test image", incus.images().image(fingerprint).orElseThrow().properties()
                .get("description"));
        assertTrue(lines.contains("pretending to debootstrap"), lines::toString);
        assertFalse(Files.exists(tarballs.get(0)), "the tarball is deleted once imported");
    }

    @Test
    void aSecondBuildInTheSameSecondTakesTheNextOneAndMovesTheAlias() throws IOException {
        List<Path> tarballs = new CopyOnWriteArrayList<>();
        String first = build(standIn("coi offline test 1 " + alias, tarballs)).fingerprint().orElseThrow();

        BuiltImage second = build(standIn("coi offline test 2 " + alias, tarballs));

        assertEquals(Optional.of(alias + "-20260102-120001"), second.version());
        assertEquals(second.fingerprint(), incus.images().alias(alias).map(ImageAlias::target));
        assertEquals(Optional.of(first), incus.images().alias(alias + "-20260102-120000").map(ImageAlias::target));
    }
}
