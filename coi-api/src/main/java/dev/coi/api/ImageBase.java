package dev.coi.api;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What the {@code coi} image is made of and how it is made on this host without a container: the image content
 * script with the files it reads, which {@code coi build} runs in a build container started from a base image
 * ({@code --base images:ALIAS} or a local image), and the build of the whole image on this host, from a package
 * mirror, for {@code --base offline} (hosts whose containers cannot reach the internet).
 *
 * <p>The kernel keeps what talks to Incus: the build container, the import of the tarball, the image's aliases
 * and the clean-up of a failed or interrupted build.
 *
 * @since 0.2.0
 */
public non-sealed interface ImageBase extends Extension {

    /**
     * The base users select with {@code coi build --base NAME} to build on this host; the kernel builds
     * {@code --base offline} with the extension of that name.
     *
     * @return the name, for example {@code offline}
     */
    @Override
    String name();

    /**
     * The image's description, which the kernel gives the image and its aliases.
     *
     * @return one line, for example {@code coi image (Docker + build tools + ...)}
     */
    String description();

    /**
     * The image on the images server ({@code build.images_server}) that {@link #content} is written for: with
     * {@code build.base = auto} the kernel builds from it when the server answers, else on this host.
     *
     * @return an alias of that server, for example {@code debian/12}
     */
    String remoteImage();

    /**
     * The files a build container gets and the script among them the kernel runs there as root, with
     * {@code COI_BUILD_DIR} naming the directory the files are in.
     *
     * @param request what goes into the image
     * @param base what the build container starts from, as the user named it (e.g. {@code images:debian/12}),
     *             to be recorded in the image
     * @return the content
     * @throws ImageBuildException when the request cannot be turned into files, e.g. a certificate is unreadable
     */
    ImageContent content(ImageBuildRequest request, String base);

    /**
     * Builds the image on this host as a unified Incus image tarball ({@code metadata.yaml} and {@code rootfs/})
     * and hands it to {@code importTarball} while it exists. Everything the build left on this host is removed
     * before this returns, whether the build or the import succeeded or not. When coi is interrupted (Ctrl-C,
     * SIGTERM) before the import, the calling thread is interrupted: the base then stops the processes it
     * started, cleans up and throws {@link InterruptedException}. Whatever {@code importTarball} throws is
     * passed on unchanged.
     *
     * @param request what goes into the image
     * @param log receives the build's output, line by line, possibly from another thread
     * @param importTarball imports the tarball into Incus
     * @throws ImageBuildException when this host cannot build (e.g. not root, a program missing) or a step
     *                             fails; the message says what and how to fix it
     * @throws InterruptedException when interrupted; nothing of the build is left by then
     */
    void build(ImageBuildRequest request, Consumer<String> log, Consumer<Path> importTarball)
            throws InterruptedException;
}
