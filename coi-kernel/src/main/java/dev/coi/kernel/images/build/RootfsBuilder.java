package dev.coi.kernel.images.build;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The offline base of {@code coi build}: makes the {@code coi} image's unified tarball ({@code metadata.yaml} and
 * {@code rootfs/}) on this host without Incus ({@link ImageBaseRootfs}, the {@link dev.coi.api.ImageBase} of a
 * plugin). It is given its inputs (the CA certificates, the AI tools' install steps) when it is made.
 */
@FunctionalInterface
public interface RootfsBuilder {

    /**
     * Builds the tarball and hands it to {@code importTarball} while it exists; everything the build left on
     * this host is removed before this returns, whether the build or the import succeeded or not. When coi is
     * interrupted (Ctrl-C, SIGTERM) before the import, the calling thread is interrupted: the builder then stops
     * the processes it started, cleans up and throws.
     *
     * @param log receives the build's output, line by line, possibly from another thread
     * @param importTarball imports the tarball into Incus
     */
    void build(Consumer<String> log, Consumer<Path> importTarball);
}
