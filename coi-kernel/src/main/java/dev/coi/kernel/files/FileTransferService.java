package dev.coi.kernel.files;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.incus.ContainerRuntime;
import dev.coi.kernel.incus.IncusNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Copies files and directory trees between the host and a container, behind {@code coi file push|pull}.
 * Permission bits are kept both ways; pushed entries keep their host owner unless another is asked for.
 */
public final class FileTransferService {

    private final ContainerRuntime incus;

    public FileTransferService(ContainerRuntime incus) {
        this.incus = incus;
    }

    /**
     * What was copied, for the message the command prints.
     *
     * @param directory whether a directory tree was copied
     * @param destination where the copy now is
     */
    public record Copied(boolean directory, String destination) {
    }

    /**
     * Copies a host file or, with {@code recursive}, a directory tree into a container. A destination ending
     * in {@code /} is a directory the copy goes into; otherwise it names the copy.
     *
     * @param uid the owner in the container, or null for the owner of the host file
     * @param gid the group in the container, or null for the group of the host file
     */
    public Copied push(Path source, String container, String destination, boolean recursive, Integer uid, Integer gid) {
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            throw CoiException.failure("source does not exist: " + source);
        }
        boolean directory = Files.isDirectory(source);
        if (directory && !recursive) {
            throw CoiException.usage("source is a directory, use -r flag to copy it with everything in it");
        }
        requireAbsolute(destination);
        String target = destination.endsWith("/") ? destination + source.toAbsolutePath().normalize().getFileName() : destination;
        requireParentDirectory(container, target);
        incus.files().push(container, source, target, uid != null ? uid : owner(source, "unix:uid"),
                gid != null ? gid : owner(source, "unix:gid"));
        return new Copied(directory, target);
    }

    /**
     * Copies a file or, with {@code recursive}, a directory tree out of a container. An existing host
     * directory receives the copy inside it; any other destination names the copy, and what was there is
     * replaced only once the copy is complete.
     */
    public Copied pull(String container, String source, Path destination, boolean recursive) {
        requireAbsolute(source);
        boolean directory;
        try {
            directory = incus.files().type(container, source).equals("directory");
        } catch (IncusNotFoundException e) {
            // the reference tool's scripts look for "not found"
            throw CoiException.failure(incus.instance(container).isPresent()
                    ? "file not found: " + container + ":" + source + " does not exist in the container"
                    : "container not found: " + container + " ('coi list' shows the session containers)");
        }
        if (directory && !recursive) {
            throw CoiException.usage("source is a directory, use -r flag to copy it with everything in it");
        }
        Path target = Files.isDirectory(destination)
                ? destination.resolve(Path.of(source).getFileName() == null ? "root" : Path.of(source).getFileName().toString())
                : destination;
        try {
            incus.files().pull(container, source, target);
        } catch (UncheckedIOException e) {
            throw new CoiException(ExitCodes.FAILURE, e.getMessage(), e);
        }
        return new Copied(directory, target.toString());
    }

    private void requireParentDirectory(String container, String target) {
        String parent = Path.of(target).getParent() == null ? "/" : Path.of(target).getParent().toString();
        try {
            if (!incus.files().read(container, parent).isDirectory()) {
                throw CoiException.failure(container + ":" + parent + " is not a directory");
            }
        } catch (IncusNotFoundException e) {
            throw CoiException.failure("the directory " + parent + " does not exist in container " + container
                    + ": create it first, e.g. coi container exec " + container + " -- mkdir -p " + parent);
        }
    }

    private static void requireAbsolute(String containerPath) {
        if (!containerPath.startsWith("/")) {
            throw CoiException.usage("the path in the container must be absolute, like /workspace/file: " + containerPath);
        }
    }

    private static int owner(Path source, String attribute) {
        try {
            return (Integer) Files.getAttribute(source, attribute, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the owner of " + source, e);
        }
    }
}
