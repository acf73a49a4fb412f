package dev.coi.kernel.incus;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A file, directory or symbolic link read from an instance, held in memory.
 *
 * @param type {@code "file"}, {@code "directory"} or {@code "symlink"}
 * @param uid the owning user id inside the instance
 * @param gid the owning group id inside the instance
 * @param mode the permission bits, e.g. {@code 0644}
 * @param content a file's bytes or a link's target, which Incus reports joined to the link's directory
 *                ({@code ../x} in {@code /a/b} reads {@code /a/x}); empty for a directory
 * @param entries a directory's entry names; empty otherwise
 */
public record ContainerFile(String type, int uid, int gid, int mode, byte[] content, List<String> entries) {

    /**
     * Checks and copies the components.
     *
     * @param type the type
     * @param uid the user id
     * @param gid the group id
     * @param mode the permission bits
     * @param content the bytes
     * @param entries the directory entries
     */
    public ContainerFile {
        Objects.requireNonNull(type, "type");
        content = content.clone();
        entries = List.copyOf(entries);
    }

    /**
     * The content as UTF-8 text.
     *
     * @return the text
     */
    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    /**
     * A copy of the content.
     *
     * @return the bytes
     */
    @Override
    public byte[] content() {
        return content.clone();
    }

    /**
     * Whether this is a directory.
     *
     * @return true for a directory
     */
    public boolean isDirectory() {
        return "directory".equals(type);
    }
}
