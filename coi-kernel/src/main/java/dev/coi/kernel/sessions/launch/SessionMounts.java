package dev.coi.kernel.sessions.launch;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.config.Mount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The extra mounts of a session: {@code [[mounts.default]]} of the configuration first, then each
 * {@code --mount HOST:CONTAINER}. A flag naming a container path that is already mounted replaces that mount's
 * host directory, as in the reference tool. No container path may be inside another, nor be or hold
 * {@value #WORKSPACE}, where the workspace is mounted.
 */
public final class SessionMounts {

    public static final String WORKSPACE = "/workspace";

    private SessionMounts() {
    }

    /**
     * @param configured the configuration's mounts, already absolute
     * @param flags the {@code --mount} values in order
     * @param home the user's home, for a leading {@code ~} in a host path
     * @return the mounts with device names
     * @throws CoiException (usage) saying which mount is wrong and why
     */
    public static List<SessionMount> resolve(List<Mount> configured, List<String> flags, Path home) {
        List<SessionMount> mounts = new ArrayList<>();
        for (Mount mount : configured) {
            String container = containerPath(mount.containerPath(), "mounts.default entry " + mount.host() + ":"
                    + mount.containerPath());
            add(mounts, mount.host().toAbsolutePath().normalize(), container);
        }
        for (String flag : flags) {
            String what = "--mount '" + flag + "'";
            String[] parts = flag.split(":", -1);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw CoiException.usage("invalid " + what + ": expected HOST:CONTAINER, e.g. --mount"
                        + " ~/data:/data (paths containing ':' cannot be mounted)");
            }
            add(mounts, hostPath(parts[0].strip(), home, what), containerPath(parts[1].strip(), what));
        }
        check(mounts);
        return List.copyOf(mounts);
    }

    private static void add(List<SessionMount> mounts, Path host, String container) {
        for (int i = 0; i < mounts.size(); i++) {
            if (mounts.get(i).containerPath().equals(container)) {
                mounts.set(i, new SessionMount(mounts.get(i).device(), host, container));
                return;
            }
        }
        mounts.add(new SessionMount("mount-" + mounts.size(), host, container));
    }

    private static Path hostPath(String text, Path home, String what) {
        String expanded = text.equals("~") ? home.toString()
                : text.startsWith("~/") ? home.resolve(text.substring(2)).toString() : text;
        Path path = Path.of(expanded);
        if (!path.isAbsolute()) {
            throw CoiException.usage("invalid " + what + ": the host path must be absolute (or start with ~/), was "
                    + text);
        }
        return path.normalize();
    }

    private static String containerPath(String text, String what) {
        if (!text.startsWith("/")) {
            throw CoiException.usage("invalid " + what + ": the container path must be absolute, was " + text);
        }
        String normalized = Path.of(text).normalize().toString();
        if (normalized.equals("/")) {
            throw CoiException.usage("invalid " + what + ": nothing can be mounted over / of the container");
        }
        if (nested(normalized, WORKSPACE)) {
            throw CoiException.usage("invalid " + what + ": " + normalized + " overlaps " + WORKSPACE
                    + ", where the workspace is mounted; choose a path outside it (files inside the workspace are"
                    + " there already)");
        }
        return normalized;
    }

    private static void check(List<SessionMount> mounts) {
        for (int i = 0; i < mounts.size(); i++) {
            for (int j = i + 1; j < mounts.size(); j++) {
                String a = mounts.get(i).containerPath();
                String b = mounts.get(j).containerPath();
                if (nested(a, b)) {
                    throw CoiException.usage("invalid mounts: nested mount paths detected: '" + a + "' and '" + b
                            + "' conflict; mount points may not lie inside each other");
                }
            }
        }
    }

    /** Whether one path is the other or lies inside it ({@code /data} and {@code /data2} do not). */
    static boolean nested(String a, String b) {
        return a.equals(b) || a.startsWith(b + "/") || b.startsWith(a + "/");
    }
}
