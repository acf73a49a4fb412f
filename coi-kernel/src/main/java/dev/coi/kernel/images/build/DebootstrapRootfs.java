package dev.coi.kernel.images.build;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The offline base wired to {@link OfflineImageBuilder}: a work folder under {@code /var/tmp} (the root file
 * system is larger than a tmpfs {@code /tmp} may hold), the host's mirrors and CA certificates, and the install
 * steps the AI tool plugins contribute.
 */
public final class DebootstrapRootfs implements RootfsBuilder {

    private static final Path WORK_ROOT = Path.of("/var/tmp");

    private final List<Path> extraCertificates;
    private final List<ToolInstallStep> tools;

    /**
     * @param extraCertificates the certificates {@code build.ca_certificates} names
     * @param tools the AI tools' install steps ({@link ToolInstallStep#of})
     */
    public DebootstrapRootfs(List<Path> extraCertificates, List<ToolInstallStep> tools) {
        this.extraCertificates = List.copyOf(extraCertificates);
        this.tools = List.copyOf(tools);
    }

    @Override
    public void build(Consumer<String> log, Consumer<Path> importTarball) {
        Path work = null;
        try {
            work = Files.createTempDirectory(WORK_ROOT, "coi-build-");
            OfflineBuildResult result = new OfflineImageBuilder()
                    .build(OfflineBuildRequest.withHostDefaults(work, extraCertificates, tools), log);
            result.summary().lines().forEach(log);
            importTarball.accept(result.tarball());
        } catch (IOException e) {
            throw new CoiException(ExitCodes.FAILURE, "the offline image build failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoiException(ExitCodes.INTERRUPTED, "the image build was interrupted; nothing was kept", e);
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
