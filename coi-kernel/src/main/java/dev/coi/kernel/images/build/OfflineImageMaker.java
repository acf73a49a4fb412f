package dev.coi.kernel.images.build;

import dev.coi.api.Progress;
import dev.coi.kernel.incus.IncusClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

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
    public String make(Map<String, String> properties, BuildTracker tracker) {
        progress.step("Building the root file system on this host");
        AtomicReference<String> imported = new AtomicReference<>();
        tracker.interruptible(Thread.currentThread());
        try {
            rootfs.build(progress::info, tarball -> {
                // from here on Incus does the work, which an interrupted thread would only lose sight of
                tracker.uninterruptible();
                tracker.stopIfInterrupted();
                progress.step("Importing the image into Incus");
                String fingerprint = incus.images().importTarball(tarball, List.of(), properties, false);
                tracker.image(fingerprint);
                imported.set(fingerprint);
            });
        } finally {
            tracker.uninterruptible();
        }
        if (imported.get() == null) {
            throw new IllegalStateException("the offline builder ended without handing over an image tarball");
        }
        return imported.get();
    }
}
