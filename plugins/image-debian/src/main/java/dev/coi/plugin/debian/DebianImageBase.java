package dev.coi.plugin.debian;

import dev.coi.api.ImageBase;
import dev.coi.api.ImageBuildException;
import dev.coi.api.ImageBuildRequest;
import dev.coi.api.ImageContent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The coi image made from Debian: its content script ({@code coi-image.sh}) for a build container, and the
 * offline base wired to {@link OfflineImageBuilder}: a work folder under {@code /var/tmp} (the root file system is
 * larger than a tmpfs {@code /tmp} may hold) and the host's mirrors.
 */
public final class DebianImageBase implements ImageBase {

    /** The image's description, as its aliases carry it. */
    static final String DESCRIPTION = "coi image (Docker + build tools + Claude CLI + GitHub CLI)";

    private static final Path WORK_ROOT = Path.of("/var/tmp");

    @Override
    public String name() {
        return "offline";
    }

    @Override
    public String description() {
        return DESCRIPTION;
    }

    @Override
    public String remoteImage() {
        return "debian/12";
    }

    @Override
    public ImageContent content(ImageBuildRequest request, String base) {
        return new ImageContent(ContentFiles.of(request), ContentFiles.SCRIPT,
                Map.of("COI_VERSION", request.coiVersion(), "COI_BASE", base));
    }

    @Override
    public void build(ImageBuildRequest request, Consumer<String> log, Consumer<Path> importTarball)
            throws InterruptedException {
        Path work = null;
        try {
            work = Files.createTempDirectory(WORK_ROOT, "coi-build-");
            OfflineBuildResult result = new OfflineImageBuilder()
                    .build(OfflineBuildRequest.withHostDefaults(work, request), log);
            result.summary().lines().forEach(log);
            importTarball.accept(result.tarball());
        } catch (IOException e) {
            throw new ImageBuildException("the offline image build failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            // what the build started is gone; the work folder is removed as far as an interrupted thread can
            Thread.currentThread().interrupt();
            throw e;
        } finally {
            deleteWorkFolder(Optional.ofNullable(work), log);
        }
    }

    private static void deleteWorkFolder(Optional<Path> work, Consumer<String> log) {
        if (work.isEmpty()) {
            return;
        }
        try {
            WorkDirs.delete(work.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.accept("could not finish removing " + work.get() + " (interrupted): remove it by hand");
        }
    }
}
