package dev.coi.kernel.containers;

import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.incus.ContainerRuntime;
import dev.coi.kernel.incus.IncusConflictException;
import dev.coi.kernel.incus.IncusNotFoundException;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.incus.InstanceSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The low-level container operations behind {@code coi container ...}, in the words of a coi user. */
public final class ContainerService {

    private static final String RAW_IDMAP = "raw.idmap";

    /**
     * What every container coi makes gets, so that Docker works inside it: nesting, and interception of the
     * mknod and setxattr calls Docker's storage needs.
     */
    public static final Map<String, String> DOCKER_READY = Map.of(
            "security.nesting", "true",
            "security.syscalls.intercept.mknod", "true",
            "security.syscalls.intercept.setxattr", "true");

    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(30);
    private static final String DEFAULT_WORKING_DIRECTORY = "/workspace";

    private final ContainerRuntime incus;

    public ContainerService(ContainerRuntime incus) {
        this.incus = incus;
    }

    /** Creates and starts a container from a local image alias or fingerprint, in one request. */
    public void launch(String image, String name, boolean ephemeral) {
        boolean fingerprint = isFingerprint(image);
        boolean known = fingerprint ? incus.images().image(image).isPresent() : incus.images().alias(image).isPresent();
        if (!known) {
            // Incus itself only says "Image not provided for instance creation" about an unknown alias
            throw CoiException.failure("image '" + image + "' not found: build it with 'coi build', or see the local"
                    + " images with 'coi image list --all'");
        }
        InstanceSpec spec = (fingerprint ? InstanceSpec.fromFingerprint(name, image) : InstanceSpec.fromAlias(name, image))
                .withEphemeral(ephemeral)
                .withConfig(DOCKER_READY)
                .withStart(true);
        try {
            incus.create(spec);
        } catch (IncusConflictException e) {
            throw CoiException.failure("container " + name + " already exists: pick another name, or remove it with"
                    + " 'coi container delete " + name + " --force'");
        }
    }

    public void start(String name) {
        Instance instance = existing(name);
        if (instance.isRunning()) {
            throw CoiException.failure("container " + name + " is already running");
        }
        incus.start(name);
    }

    public void stop(String name, boolean force) {
        Instance instance = existing(name);
        if (!instance.isRunningOrFrozen()) {
            throw CoiException.failure("container " + name + " is not running (status: " + instance.status() + ")");
        }
        // a frozen container's processes cannot end by themselves: it is stopped at once
        boolean atOnce = force || instance.isFrozen();
        incus.stop(name, atOnce ? Duration.ZERO : GRACEFUL_STOP, atOnce);
    }

    /** Freezes a running container's processes until {@link #unfreeze}. */
    public void freeze(String name) {
        Instance instance = existing(name);
        if (!instance.isRunning()) {
            throw CoiException.failure("container " + name + " is not running (status: " + instance.status() + ")");
        }
        incus.freeze(name);
    }

    /** Lets a frozen container's processes go on: one frozen by hand, or by coi's monitor at a high threat. */
    public void unfreeze(String name) {
        Instance instance = existing(name);
        if (!instance.isFrozen()) {
            throw CoiException.failure("container " + name + " is not frozen (status: " + instance.status() + ")");
        }
        incus.unfreeze(name);
    }

    public void delete(String name, boolean force) {
        Instance instance = existing(name);
        if (instance.isRunningOrFrozen() && !force) {
            throw CoiException.failure("container " + name + " is " + (instance.isFrozen() ? "frozen" : "running")
                    + ": stop it first ('coi container stop " + name + "') or delete it with --force");
        }
        incus.deleteForcibly(name);
    }

    public boolean exists(String name) {
        return incus.instance(name).isPresent();
    }

    public boolean running(String name) {
        return incus.instance(name).map(Instance::isRunning).orElse(false);
    }

    /**
     * Runs a command without a terminal and collects its output.
     *
     * @param workingDirectory the directory to run in; when null, {@code /workspace} if the container has
     *                         one, else {@code /}
     */
    public CommandResult exec(String name, List<String> command, int uid, int gid, String workingDirectory,
                              Map<String, String> environment) {
        Instance instance = existing(name);
        if (!instance.isRunning()) {
            throw CoiException.failure("container " + name + " is not running: start it with 'coi container start "
                    + name + "'");
        }
        String directory = workingDirectory != null ? workingDirectory : defaultWorkingDirectory(name);
        return incus.execAtMostOnce(name, command, new ExecOptions(uid, gid, directory, environment), null);
    }

    /**
     * Adds a host directory as a disk device; {@code shift} maps the host owner to the container's ids, except in a
     * container with its own {@code raw.idmap} (every session container): that maps the workspace owner to the code
     * user already, and a shifted disk keeps host ids as they are, so container root would write files owned by host
     * root, setuid ones among them.
     *
     * @return whether the disk is shifted
     */
    public boolean mount(String name, String device, String source, String path, boolean shift) {
        Instance instance = existing(name);
        if (instance.devices().containsKey(device)) {
            throw CoiException.failure("container " + name + " already has a device named " + device
                    + ": choose another device name");
        }
        Map<String, String> disk = new LinkedHashMap<>();
        disk.put("type", "disk");
        disk.put("source", source);
        disk.put("path", path);
        boolean shifted = shift && !instance.config().containsKey(RAW_IDMAP);
        if (shifted) {
            disk.put("shift", "true");
        }
        incus.update(name, Map.of(), Map.of(device, disk));
        return shifted;
    }

    private Instance existing(String name) {
        return incus.instance(name).orElseThrow(() -> CoiException.failure("container " + name
                + " does not exist (see 'incus list' or 'coi list')"));
    }

    private String defaultWorkingDirectory(String name) {
        try {
            return incus.files().read(name, DEFAULT_WORKING_DIRECTORY).isDirectory() ? DEFAULT_WORKING_DIRECTORY : "/";
        } catch (IncusNotFoundException e) {
            return "/";
        }
    }

    private static boolean isFingerprint(String image) {
        return image.length() == 64 && image.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }
}
