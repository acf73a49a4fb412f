package dev.coi.kernel.incus;

import dev.coi.api.FileOwnership;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Files in instances: written, read, looked at, deleted, and trees copied in and out. Paths in an instance are
 * absolute.
 */
public interface ContainerFiles {

    /**
     * Writes a file, replacing what is there; the parent directory must exist.
     *
     * @param instance the instance name
     * @param path the absolute path in the instance
     * @param content the bytes
     * @param ownership the owner and permission bits
     */
    void write(String instance, String path, byte[] content, FileOwnership ownership);

    /**
     * Creates a directory, or sets owner and mode of an existing one; the parent must exist.
     *
     * @param instance the instance name
     * @param path the absolute path in the instance
     * @param ownership the owner and permission bits
     */
    void mkdir(String instance, String path, FileOwnership ownership);

    /**
     * Reads a file, a link's target or a directory's entry names, with owner and mode.
     *
     * @param instance the instance name
     * @param path the absolute path in the instance
     * @return what is there
     * @throws IncusNotFoundException when there is nothing at that path
     */
    ContainerFile read(String instance, String path);

    /**
     * What is at a path, {@code file}, {@code directory} or {@code symlink}, without reading a file's content.
     *
     * @param instance the instance name
     * @param path the absolute path in the instance
     * @return the type
     * @throws IncusNotFoundException when there is nothing at that path
     */
    String type(String instance, String path);

    /**
     * A file's content as a stream, read as it arrives, for files too large to hold in memory; the caller bounds
     * what it reads and closes the stream.
     *
     * @param instance the instance name
     * @param path the absolute path of a regular file in the instance
     * @return the content
     * @throws IncusNotFoundException when there is nothing at that path
     * @throws IncusException when it is not a regular file
     */
    InputStream open(String instance, String path);

    /**
     * Deletes a file, a symbolic link or an empty directory.
     *
     * @param instance the instance name
     * @param path the absolute path in the instance
     * @return false when there was nothing at that path
     */
    boolean delete(String instance, String path);

    /**
     * Copies a host file, symbolic link or directory tree into an instance, keeping permission bits, with the
     * given owner.
     *
     * @param instance the instance name
     * @param source the host path
     * @param destination the absolute path of the copy in the instance; its parent must exist
     * @param uid the owning user id inside the instance
     * @param gid the owning group id inside the instance
     */
    void push(String instance, Path source, String destination, int uid, int gid);

    /**
     * Copies a file, symbolic link or directory tree out of an instance to a host path, replacing what is there
     * only once the copy is complete.
     *
     * @param instance the instance name
     * @param source the absolute path in the instance
     * @param destination the host path of the copy
     * @throws IncusNotFoundException when there is nothing at {@code source}
     */
    void pull(String instance, String source, Path destination);
}
