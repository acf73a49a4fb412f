package dev.coi.kernel.images.build;

import dev.coi.api.ImageBase;
import dev.coi.api.ImageBuildException;
import dev.coi.api.ImageBuildRequest;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import java.nio.file.Path;
import java.util.function.Consumer;

/** The offline base built by a plugin's {@link ImageBase}, its failures in coi's exit codes. */
final class ImageBaseRootfs implements RootfsBuilder {

    private final ImageBase base;
    private final ImageBuildRequest request;

    ImageBaseRootfs(ImageBase base, ImageBuildRequest request) {
        this.base = base;
        this.request = request;
    }

    @Override
    public void build(Consumer<String> log, Consumer<Path> importTarball) {
        try {
            base.build(request, log, importTarball);
        } catch (ImageBuildException e) {
            throw new CoiException(ExitCodes.FAILURE, e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoiException(ExitCodes.INTERRUPTED, "the image build was interrupted; nothing was kept", e);
        }
    }
}
