package dev.coi.kernel.watch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a container's control groups are on the host, found from its init process's {@code /proc/PID/cgroup}: its
 * folder in the unified (v2) hierarchy, and on a hybrid host in the legacy (v1) hierarchy of a controller. Incus
 * puts a container's processes under {@code lxc.payload.<name>}.
 */
final class ControlGroups {

    private static final String PAYLOAD = "lxc.payload.";

    private final Path proc;
    private final Path cgroups;

    ControlGroups(Path proc, Path cgroups) {
        this.proc = proc;
        this.cgroups = cgroups;
    }

    /**
     * Whether a pid is still the init of a container: a process of the container's control group (a new container
     * of the same name has another init).
     */
    boolean isInitOf(long pid, String container) {
        try {
            // Incus names a container of another project than default <project>_<name>
            return payloadGroup(pid).map(group -> group.substring(group.lastIndexOf('/') + 1))
                    .filter(group -> group.equals(PAYLOAD + container) || group.endsWith("_" + container)).isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    /** The unified hierarchy's folder of the container (the mount of a hybrid host first), from its init's group. */
    Optional<Path> unified(long initPid) throws IOException {
        Optional<String> group = payloadGroup(initPid);
        if (group.isEmpty()) {
            return Optional.empty();
        }
        return Stream.of(cgroups.resolve("unified").resolve(group.get()), cgroups.resolve(group.get()))
                .filter(Files::isDirectory)
                .findFirst();
    }

    /** The container's folder in a legacy (v1) controller's hierarchy, as its init's group there says. */
    Optional<Path> legacy(long initPid, String controller) throws IOException {
        return payloadGroup(initPid, controller).map(cgroups.resolve(controller)::resolve).filter(Files::isDirectory);
    }

    /**
     * The path of the container's group ({@code lxc.payload.<name>}, under whatever holds it), relative to the
     * unified hierarchy's root, from the path of a process's group; empty for a process of no container.
     */
    private Optional<String> payloadGroup(long pid) throws IOException {
        return payloadGroup(pid, "");
    }

    /**
     * As {@link #payloadGroup(long)} in the hierarchy of a controller, the unified one for "": a line of
     * {@code /proc/PID/cgroup} is {@code ID:CONTROLLERS:PATH}, the controllers separated by commas.
     */
    private Optional<String> payloadGroup(long pid, String controller) throws IOException {
        String path = read(proc.resolve(pid + "/cgroup")).lines()
                .map(line -> line.split(":", 3))
                .filter(fields -> fields.length == 3 && (controller.isEmpty() ? fields[0].equals("0")
                        && fields[1].isEmpty() : List.of(fields[1].split(",")).contains(controller)))
                .map(fields -> fields[2])
                .findFirst().orElse("");
        int payload = path.indexOf("/" + PAYLOAD);
        if (payload < 0) {
            return Optional.empty();
        }
        int end = path.indexOf('/', payload + 1);
        return Optional.of((end < 0 ? path : path.substring(0, end)).substring(1));
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
