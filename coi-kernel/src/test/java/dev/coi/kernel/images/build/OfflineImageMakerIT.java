package dev.coi.kernel.images.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
 * The offline path around the rootfs builder, with a stand-in builder that hands over the busybox test image:
 * its tarball is imported, versioned and named like any build.
 */
class OfflineImageMakerIT {

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

    /** Stands in for the debootstrap builder: hands over a tarball of its own and deletes it afterwards. */
    private RootfsBuilder standIn(String description, List<Path> tarballs) {
        return (log, importTarball) -> {
            log.accept("pretending to debootstrap");
            try {
                Path work = Files.createTempDirectory(dir, "rootfs");
                Path tarball = TestImage.build(work, description);
                tarballs.add(tarball);
                try {
                    importTarball.accept(tarball);
                } finally {
                    Files.delete(tarball);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private BuiltImage build(RootfsBuilder rootfs) {
        return new ImageBuilder(incus, progress, NOON).build(alias, "offline test image",
                new OfflineImageMaker(incus, rootfs, progress));
    }

    @Test
    void theTarballIsImportedVersionedAndNamed() {
        List<Path> tarballs = new CopyOnWriteArrayList<>();

        BuiltImage built = build(standIn("coi offline test " + alias, tarballs));

        String fingerprint = built.fingerprint().orElseThrow();
        assertEquals(Optional.of(alias + "-20260102-120000"), built.version());
        assertEquals(Optional.of(fingerprint), incus.images().alias(alias).map(ImageAlias::target));
        assertEquals(Optional.of(fingerprint), incus.images().alias(alias + "-20260102-120000").map(ImageAlias::target));
        assertEquals("offline test image", incus.images().image(fingerprint).orElseThrow().properties()
                .get("description"));
        assertTrue(lines.contains("pretending to debootstrap"), lines::toString);
        assertEquals(1, tarballs.size());
    }

    @Test
    void aBuilderThatHandsOverNoTarballFailsTheBuild() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> build((log, importTarball) -> log.accept("made nothing")));

        assertTrue(failure.getMessage().contains("without handing over an image tarball"), failure.getMessage());
        assertTrue(incus.images().alias(alias).isEmpty());
    }

    @Test
    void aSecondBuildInTheSameSecondTakesTheNextOneAndMovesTheAlias() {
        List<Path> tarballs = new CopyOnWriteArrayList<>();
        String first = build(standIn("coi offline test 1 " + alias, tarballs)).fingerprint().orElseThrow();

        BuiltImage second = build(standIn("coi offline test 2 " + alias, tarballs));

        assertEquals(Optional.of(alias + "-20260102-120001"), second.version());
        assertEquals(second.fingerprint(), incus.images().alias(alias).map(ImageAlias::target));
        assertEquals(Optional.of(first), incus.images().alias(alias + "-20260102-120000").map(ImageAlias::target));
    }
}
