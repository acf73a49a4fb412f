package dev.coi.kernel.images.build;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Builds a unified image tarball ({@code metadata.yaml} and {@code rootfs/}) on this host without Incus, from
 * a Debian mirror, with the recipe applied in a chroot: the offline base of {@code coi build}. The tarball is
 * deleted by the caller once Incus has imported it.
 */
@FunctionalInterface
public interface RootfsBuilder {

    /**
     * @param recipe the files to copy into {@link BuildRecipe#DIRECTORY} of the root file system and the
     *               scripts to run there
     * @param log receives the build's output, line by line
     * @return the tarball
     */
    Path buildTarball(BuildRecipe recipe, Consumer<String> log);
}
