package dev.coi.kernel.images.build;

import dev.coi.api.ImageBase;
import dev.coi.api.ImageBuildException;
import dev.coi.api.ImageBuildRequest;
import dev.coi.api.ImageContent;
import dev.coi.api.Progress;
import dev.coi.kernel.base.BuildInfo;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.config.BuildSettings;
import dev.coi.kernel.incus.IncusClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** {@code coi build} and {@code coi build custom}: which recipe, which base, then one {@link ImageBuilder} run. */
public final class ImageBuilds {

    /** The alias of the image coi runs sessions in. */
    private static final String COI_ALIAS = "coi";

    private final IncusClient incus;
    private final Progress progress;
    private final BuildSettings settings;
    private final List<ImageBuildRequest.Tool> tools;
    private final Optional<ImageBase> imageBase;

    /**
     * @param tools the AI tools' install steps ({@link ImageTools#of}), which go into the coi image
     * @param imageBases the image bases of the plugins; the one named {@code offline} makes the coi image and
     *                   builds it on this host for {@code --base offline}
     */
    public ImageBuilds(IncusClient incus, Progress progress, BuildSettings settings,
                       List<ImageBuildRequest.Tool> tools, List<ImageBase> imageBases) {
        this.incus = incus;
        this.progress = progress;
        this.settings = settings;
        this.tools = List.copyOf(tools);
        String offline = new BuildBase.Offline().display();
        this.imageBase = imageBases.stream().filter(base -> base.name().equals(offline)).findFirst();
    }

    /**
     * Builds the {@code coi} image, unless it exists and {@code force} is false.
     *
     * @param base {@code --base}; empty for the setting {@code build.base}
     */
    public BuiltImage buildCoi(Optional<String> base, boolean force) {
        if (!force && exists(COI_ALIAS)) {
            return BuiltImage.skipped(COI_ALIAS);
        }
        ImageBase image = imageBase.orElseThrow(() -> CoiException.failure("no plugin contributes the coi image (an"
                + " image base named 'offline'): 'coi plugin list' shows the plugins and those that failed to load;"
                + " reinstall coi, which bundles one, or build an image of your own with 'coi build custom NAME"
                + " --script FILE --base IMAGE'"));
        BuildBase chosen = resolve(BuildBase.parse(base.orElse(settings.base()), settings.imagesServer()), image);
        ImageBuildRequest request = request();
        ImageMaker maker = chosen instanceof BuildBase.Offline ? offline(image, request)
                : inContainer(chosen, image, request);
        progress.step("Building coi image from " + chosen.display() + "...");
        return builder().build(COI_ALIAS, image.description(), maker);
    }

    /**
     * Builds an image of one's own by running a script in a container from a base image.
     *
     * @param base {@code --base}, a local image or {@code images:ALIAS}; empty for {@code coi}
     */
    public BuiltImage buildCustom(String name, Path script, Optional<String> base, boolean force) {
        BuildRecipe recipe = ImageRecipes.custom(script);
        if (!force && exists(name)) {
            return BuiltImage.skipped(name);
        }
        BuildBase chosen = BuildBase.parse(base.orElse(COI_ALIAS), settings.imagesServer());
        if (chosen instanceof BuildBase.Auto || chosen instanceof BuildBase.Offline) {
            throw CoiException.usage("coi build custom runs its script in a container, so --base must name a local"
                    + " image or images:ALIAS, not " + chosen.display());
        }
        requireReachable(chosen);
        progress.step("Building image " + name + " from " + chosen.display() + "...");
        return builder().build(name, "Custom image: " + name,
                new ContainerImageMaker(incus, progress, chosen, recipe));
    }

    private boolean exists(String alias) {
        return incus.images().alias(alias).isPresent();
    }

    private ImageBuilder builder() {
        return new ImageBuilder(incus, progress, Clock.systemDefaultZone());
    }

    /** What goes into the coi image: the host's certificates and those of the setting, and the tools. */
    private ImageBuildRequest request() {
        BuildInfo coi = BuildInfo.current();
        return new ImageBuildRequest(coi.version() + "+" + coi.commit(),
                HostCertificates.paths(HostCertificates.LOCAL_CERTIFICATES, settings.caCertificates()), tools);
    }

    /** The coi image in a build container: the image base's content script with its files. */
    private ImageMaker inContainer(BuildBase base, ImageBase image, ImageBuildRequest request) {
        ImageContent content;
        try {
            content = image.content(request, base.display());
        } catch (ImageBuildException e) {
            throw new CoiException(ExitCodes.FAILURE, e.getMessage(), e);
        }
        return new ContainerImageMaker(incus, progress, base, ImageRecipes.coi(content));
    }

    private ImageMaker offline(ImageBase image, ImageBuildRequest request) {
        return new OfflineImageMaker(incus, new ImageBaseRootfs(image, request), progress);
    }

    /**
     * Settles {@code auto} (the image base's remote image, or offline when its server does not answer), and checks
     * that the server of a remote base answers: without internet access the build fails within seconds, before
     * anything is made.
     */
    private BuildBase resolve(BuildBase base, ImageBase image) {
        if (base instanceof BuildBase.Auto auto) {
            Optional<String> unreachable = ServerProbe.unreachable(auto.imagesServer());
            if (unreachable.isPresent()) {
                progress.info("Cannot reach " + auto.imagesServer() + " (" + unreachable.get() + "): building"
                        + " offline on this host instead (--base or build.base choose the base)");
                return new BuildBase.Offline();
            }
            return new BuildBase.Remote(auto.imagesServer(), image.remoteImage());
        }
        requireReachable(base);
        return base;
    }

    private static void requireReachable(BuildBase base) {
        if (base instanceof BuildBase.Remote remote) {
            ServerProbe.unreachable(remote.server()).ifPresent(reason -> {
                throw CoiException.failure("cannot reach the image server " + remote.server() + " for "
                        + remote.display() + " (" + reason + "). Without internet access, start from a local image"
                        + " (--base ALIAS), or let coi build make it on this host (--base offline)");
            });
        }
    }
}
