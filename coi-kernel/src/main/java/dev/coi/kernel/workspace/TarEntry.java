package dev.coi.kernel.workspace;

/**
 * One member of a tar stream as its header says, before anything of it is believed.
 *
 * @param name the member's path as written, decoded as UTF-8 ({@code \uFFFD} where it is not)
 * @param readableName whether the name was valid UTF-8 without control characters
 * @param type what the member is
 * @param size the content's length in bytes (0 for all but regular files)
 * @param mode the permission bits as written, setuid, setgid and sticky included
 * @param mtime the modification time, seconds since the epoch
 * @param linkTarget the target of a symbolic or hard link, else empty
 */
public record TarEntry(String name, boolean readableName, Type type, long size, int mode, long mtime,
        String linkTarget) {

    /** The member types coi tells apart. */
    public enum Type {
        FILE, DIRECTORY, SYMLINK, HARDLINK, CHARACTER_DEVICE, BLOCK_DEVICE, FIFO, OTHER;

        /** The name a report gives it. */
        public String describe() {
            return switch (this) {
                case FILE -> "file";
                case DIRECTORY -> "folder";
                case SYMLINK -> "symbolic link";
                case HARDLINK -> "hard link";
                case CHARACTER_DEVICE -> "character device";
                case BLOCK_DEVICE -> "block device";
                case FIFO -> "fifo";
                case OTHER -> "special tar member";
            };
        }
    }
}
