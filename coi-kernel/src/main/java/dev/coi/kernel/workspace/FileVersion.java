package dev.coi.kernel.workspace;

/**
 * What one path of a workspace holds on one side (the host, the container, or the record of the last copy).
 * Two versions are the same when kind and digest are: size, time and mode only help to find out whether a host
 * file changed without reading it.
 *
 * @param kind what is there
 * @param digest a file's SHA-256 in hex, a link's target; empty else
 * @param size a file's length in bytes
 * @param mtime a file's modification time in milliseconds, as the host reports it (0 for the container's side)
 * @param executable whether the owner may run it
 */
public record FileVersion(Kind kind, String digest, long size, long mtime, boolean executable) {

    /** What can be at a path. */
    public enum Kind {
        ABSENT, FILE, LINK,
        /** A folder, a device, a fifo: never written over, never synced. */
        OTHER
    }

    public static final FileVersion ABSENT = new FileVersion(Kind.ABSENT, "", 0, 0, false);

    public static FileVersion file(String sha256, long size, long mtime, boolean executable) {
        return new FileVersion(Kind.FILE, sha256, size, mtime, executable);
    }

    public static FileVersion link(String target) {
        return new FileVersion(Kind.LINK, target, 0, 0, false);
    }

    public static FileVersion other(String what) {
        return new FileVersion(Kind.OTHER, what, 0, 0, false);
    }

    public boolean sameAs(FileVersion other) {
        return kind == other.kind && (kind == Kind.ABSENT || digest.equals(other.digest));
    }

    public boolean exists() {
        return kind != Kind.ABSENT;
    }

    /** How a report names it. */
    public String describe() {
        return switch (kind) {
            case ABSENT -> "absent";
            case FILE -> "file";
            case LINK -> "symbolic link";
            case OTHER -> digest;
        };
    }
}
