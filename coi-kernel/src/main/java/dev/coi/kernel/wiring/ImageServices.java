package dev.coi.kernel.wiring;

import dev.coi.api.AiTool;
import dev.coi.api.ImageBase;
import dev.coi.api.ImageBuildRequest;
import dev.coi.api.Progress;
import dev.coi.kernel.config.ConfigException;
import dev.coi.kernel.config.LoadedConfig;
import dev.coi.kernel.images.ImageService;
import dev.coi.kernel.images.build.ImageBuilds;
import dev.coi.kernel.images.build.ImageTools;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.plugin.PluginRegistry;
import java.util.List;

/** The images area of one coi invocation: the images Incus has, and {@code coi build}. */
public final class ImageServices {

    private final Kernel kernel;
    private final Progress progress;

    ImageServices(Kernel kernel) {
        this.kernel = kernel;
        this.progress = kernel.progress();
    }

    public ImageService images() throws ConfigException {
        return new ImageService(incus(), progress);
    }

    /**
     * {@code coi build}: the coi image is made of what the image base of a plugin gives ({@link ImageBase}), which
     * also builds the offline base on this host. The install step of the configured tool ({@code [tool] name}) is
     * required: the build fails without it.
     */
    public ImageBuilds imageBuilds() throws ConfigException {
        List<ImageBuildRequest.Tool> tools = ImageTools.of(plugins().extensions(AiTool.class),
                config().config().tool().name());
        return new ImageBuilds(incus(), progress, config().config().build(), tools,
                plugins().extensions(ImageBase.class));
    }

    private IncusClient incus() throws ConfigException {
        return kernel.incus();
    }

    private LoadedConfig config() throws ConfigException {
        return kernel.config();
    }

    private PluginRegistry plugins() {
        return kernel.plugins();
    }
}
