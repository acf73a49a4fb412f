package dev.coi.kernel.images.build;

import dev.coi.api.Progress;
import dev.coi.kernel.incus.IncusClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Makes the image without any container: a tarball built on this host, imported into Incus. */
final class OfflineImageMaker implements ImageMaker {

    private final IncusClient incus;
    private final RootfsBuilder rootfs;
    private final Progress progress;

    OfflineImageMaker(IncusClient incus, RootfsBuilder rootfs, Progress progress) {
        this.incus = incus;
        this.rootfs = rootfs;
        this.progress = progress;
    }

    @Override
    public String make(BuildRecipe recipe, Map<String, String> properties, BuildTracker tracker) {
        progress.step("Building the root file system on this host");
        Path tarball = rootfs.buildTarball(recipe, progress::info);
        try {
            tracker.stopIfInterrupted();
            progress.step("Importing the image into Incus");
            String fingerprint = incus.images().importTarball(tarball, List.of(), properties, false);
            tracker.image(fingerprint);
            return fingerprint;
        } finally {
            try {
                Files.deleteIfExists(tarball);
            } catch (IOException e) {
                progress.warn("could not delete " + tarball + ": " + e.getMessage());
            }
        }
    }
}
