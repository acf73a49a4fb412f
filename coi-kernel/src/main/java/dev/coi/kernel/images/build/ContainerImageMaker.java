package dev.coi.kernel.images.build;

import dev.coi.api.ExecOptions;
import dev.coi.api.FileOwnership;
import dev.coi.api.ImageBuildRequest;
import dev.coi.api.Progress;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.containers.ContainerService;
import dev.coi.kernel.images.InstalledTools;
import dev.coi.kernel.incus.ImageAlias;
import dev.coi.kernel.incus.ImageInfo;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.IncusNotFoundException;
import dev.coi.kernel.incus.IncusOperationException;
import dev.coi.kernel.incus.InstanceSpec;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Makes the image in a build container: created from the base (Docker-ready, as every coi container), the
 * recipe's files pushed into {@link BuildRecipe#DIRECTORY} and its scripts run as root, then stopped and
 * published. The container's name is random ({@code coi-build-<hex>}), so builds never collide.
 */
final class ContainerImageMaker implements ImageMaker {

    /** The image's build information, which the image content writes ({@code COI_IMAGE_INFO}). */
    private static final String IMAGE_INFO = "/etc/coi-image";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(30);
    private static final Duration BOOT_WAIT = Duration.ofMinutes(2);
    private static final FileOwnership ROOT_DIRECTORY = new FileOwnership(0, 0, 0700);

    private final IncusClient incus;
    private final Progress progress;
    private final BuildBase base;
    private final BuildRecipe recipe;

    /**
     * @param base a {@link BuildBase.Local} or {@link BuildBase.Remote} base
     * @param recipe what to run in the container
     */
    ContainerImageMaker(IncusClient incus, Progress progress, BuildBase base, BuildRecipe recipe) {
        if (!(base instanceof BuildBase.Local || base instanceof BuildBase.Remote)) {
            throw new IllegalArgumentException("a build container starts from a local or remote image, not " + base);
        }
        this.incus = incus;
        this.progress = progress;
        this.base = base;
        this.recipe = recipe;
    }

    @Override
    public String make(Map<String, String> properties, BuildTracker tracker) {
        String name = "coi-build-" + HexFormat.of().formatHex(randomBytes());
        InstanceSpec spec = spec(name).withConfig(ContainerService.DOCKER_READY).withStart(true);
        progress.step("Creating build container " + name + " from " + base.display());
        tracker.container(name);
        try {
            incus.create(spec, progress::status);
        } catch (IncusOperationException e) {
            if (base instanceof BuildBase.Remote remote) {
                throw CoiException.failure("Incus could not download " + remote.display() + " from "
                        + remote.server() + ": " + e.incusError());
            }
            throw e;
        }
        tracker.stopIfInterrupted();
        awaitBoot(name);
        tracker.stopIfInterrupted();
        push(name);
        for (BuildRecipe.Step step : recipe.steps()) {
            tracker.stopIfInterrupted();
            run(name, step);
        }
        tracker.stopIfInterrupted();
        Map<String, String> published = new HashMap<>(properties);
        installedTools(name).ifPresent(tools -> published.put(ImageBuildRequest.INSTALLED_TOOLS_PROPERTY, tools));
        incus.exec(name, List.of("rm", "-rf", BuildRecipe.DIRECTORY, ScriptRunner.LOG, ScriptRunner.RUNS), ExecOptions.asRoot());
        progress.step("Stopping build container " + name);
        stop(name);
        tracker.stopIfInterrupted();
        progress.step("Publishing the image");
        String fingerprint = incus.images().publish(name, published, progress::status);
        tracker.image(fingerprint);
        tracker.removeContainers();
        return fingerprint;
    }

    /**
     * Waits until systemd, where the base has it, has finished booting: its start-up empties {@code /tmp}, where the
     * build files and the script's output go, so files pushed earlier could vanish under the running script (on a
     * busy machine the boot takes seconds); and the network, which the scripts need, is up by then, as the
     * reference tool waits for it. A base without systemd (busybox) is used at once.
     */
    private void awaitBoot(String name) {
        // is-system-running answers at once, without waiting, while systemd cannot be reached yet early in the
        // boot: asked again until it names a state the boot ends in
        long seconds = BOOT_WAIT.toSeconds();
        String script = "command -v systemctl >/dev/null 2>&1 || exit 0; end=$(($(date +%s) + " + seconds + "));"
                + " while [ $(date +%s) -lt $end ]; do case \"$(timeout " + seconds + " systemctl is-system-running"
                + " --wait 2>/dev/null)\" in running|degraded|maintenance|stopping) exit 0;; esac; sleep 0.2; done;"
                + " exit 0";
        incus.exec(name, List.of("/bin/sh", "-c", script), ExecOptions.asRoot(), BOOT_WAIT.plusSeconds(30));
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** A missing local base is reported in coi's words; Incus says only "Image not provided". */
    private InstanceSpec spec(String name) {
        if (base instanceof BuildBase.Remote remote) {
            return InstanceSpec.fromRemote(name, remote.server(), remote.alias());
        }
        String image = ((BuildBase.Local) base).image();
        Optional<ImageAlias> alias = incus.images().alias(image);
        if (alias.isPresent()) {
            return InstanceSpec.fromFingerprint(name, alias.get().target());
        }
        return InstanceSpec.fromFingerprint(name, incus.images().image(image).map(ImageInfo::fingerprint)
                .orElseThrow(() -> CoiException.failure("base image '" + image + "' not found: see the local"
                        + " images with 'coi image list --all', or build it first")));
    }

    private void push(String container) {
        Set<String> directories = new TreeSet<>(List.of(BuildRecipe.DIRECTORY));
        for (BuildRecipe.File file : recipe.files()) {
            for (int slash = file.path().indexOf('/'); slash > 0; slash = file.path().indexOf('/', slash + 1)) {
                directories.add(BuildRecipe.DIRECTORY + "/" + file.path().substring(0, slash));
            }
        }
        // sorted, so parents come before their children
        directories.forEach(directory -> incus.files().mkdir(container, directory, ROOT_DIRECTORY));
        for (BuildRecipe.File file : recipe.files()) {
            incus.files().write(container, BuildRecipe.DIRECTORY + "/" + file.path(), file.content(),
                    new FileOwnership(0, 0, file.mode()));
        }
    }

    private void run(String container, BuildRecipe.Step step) {
        byte[] script = recipe.content(step.script());
        progress.step(step.description() + " (" + script.length + " bytes)...");
        Map<String, String> environment = new HashMap<>(recipe.environment());
        environment.put("COI_BUILD_DIR", BuildRecipe.DIRECTORY);
        environment.put("DEBIAN_FRONTEND", "noninteractive");
        int exitCode = new ScriptRunner(incus, progress).run(container, BuildRecipe.DIRECTORY + "/" + step.script(),
                script, environment);
        if (exitCode != 0) {
            throw CoiException.failure("build script " + step.script() + " failed with exit code " + exitCode
                    + " (its output is above)");
        }
    }

    /** What the image's build information says it has, so that the image can tell without a container. */
    private Optional<String> installedTools(String container) {
        try {
            return InstalledTools.fromImageInfo(new String(incus.files().read(container, IMAGE_INFO).content(),
                    StandardCharsets.UTF_8));
        } catch (IncusNotFoundException e) {
            return Optional.empty();
        }
    }

    private void stop(String container) {
        try {
            incus.stop(container, GRACEFUL_STOP, false);
        } catch (IncusException e) {
            // a base whose init ignores the stop signal still has to be published
            incus.stop(container, Duration.ZERO, true);
        }
    }
}
