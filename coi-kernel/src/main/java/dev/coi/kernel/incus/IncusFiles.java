package dev.coi.kernel.incus;

import dev.coi.kernel.base.LocalTrees;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.coi.api.FileOwnership;
import dev.coi.kernel.incus.http.HttpRequest;
import dev.coi.kernel.incus.http.HttpResponse;
import dev.coi.kernel.incus.http.RequestBody;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;

/**
 * Files in instances, through {@code /1.0/instances/<name>/files?path=...}. Paths in an instance are
 * absolute. Contents are streamed, never held in memory as a whole, except by {@link #read}.
 */
public final class IncusFiles implements ContainerFiles {

    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {
    };

    private final IncusApi api;

    IncusFiles(IncusApi api) {
        this.api = api;
    }

    /**
     * Writes a file, replacing what is there; the parent directory must exist.
     *
     * @param instance the instance name
     * @param path the absolute path in the instance
     * @param content the bytes
     * @param ownership the owner and permission bits
     */
    @Override
    public void write(String instance, String path, byte[] content, FileOwnership ownership) {
        send(instance, path, "file", RequestBody.of(content), ownership.uid(), ownership.gid(), ownership.mode());
    }

    /**
     * Creates a directory, or sets owner and mode of an existing one; the parent must exist.
     *
     * @param instance the instance name
     * @param path the absolute path in the instance
     * @param ownership the owner and permission bits
     */
    @Override
    public void mkdir(String instance, String path, FileOwnership ownership) {
        send(instance, path, "directory", RequestBody.of(new byte[0]), ownership.uid(), ownership.gid(),
                ownership.mode());
    }

    /**
     * Reads a file, a link's target or a directory's entry names, with owner and mode.
     *
     * @param instance the instance name
     * @param path the absolute path in the instance
     * @return what is there
     * @throws IncusNotFoundException when there is nothing at that path
     */
    @Override
    public ContainerFile read(String instance, String path) {
        String action = "read " + path + " in instance " + instance;
        try (HttpResponse response = api.raw(HttpRequest.of("GET", target(instance, path)), action)) {
            String type = response.header("X-Incus-Type").orElse("file");
            byte[] body = response.readBody();
            List<String> entries = type.equals("directory") ? entries(body, action) : List.of();
            return new ContainerFile(type, intHeader(response, "X-Incus-Uid", 10), intHeader(response, "X-Incus-Gid", 10),
                    intHeader(response, "X-Incus-Mode", 8), type.equals("directory") ? new byte[0] : body, entries);
        } catch (IOException e) {
            throw lost(e, action);
        }
    }

    /**
     * What is at a path, {@code file}, {@code directory} or {@code symlink}, from the headers alone: a file's
     * body is not read (the connection is closed before it), so the answer costs no memory whatever its size.
     *
     * @param instance the instance name
     * @param path the absolute path in the instance
     * @return the type Incus reports
     * @throws IncusNotFoundException when there is nothing at that path
     */
    @Override
    public String type(String instance, String path) {
        String action = "look at " + path + " in instance " + instance;
        try (HttpResponse response = api.raw(HttpRequest.of("GET", target(instance, path)), action)) {
            return response.header("X-Incus-Type").orElse("file");
        } catch (IOException e) {
            throw lost(e, action);
        }
    }

    /**
     * A file's content as a stream; closing it closes the connection.
     *
     * @param instance the instance name
     * @param path the absolute path of a regular file in the instance
     * @return the content
     * @throws IncusNotFoundException when there is nothing at that path
     * @throws IncusException when it is not a regular file
     */
    @Override
    public InputStream open(String instance, String path) {
        String action = "read " + path + " in instance " + instance;
        HttpResponse response = api.raw(HttpRequest.of("GET", target(instance, path)), action);
        String type = response.header("X-Incus-Type").orElse("file");
        if (!type.equals("file")) {
            try {
                response.close();
            } catch (IOException e) {
                // the connection is dropped either way
            }
            throw new IncusException(path + " in instance " + instance + " is a " + type + ", not a file", 0, "", null);
        }
        return response.body();
    }

    /**
     * Deletes a file, a symbolic link or an empty directory.
     *
     * @param instance the instance name
     * @param path the absolute path in the instance
     * @return false when there was nothing at that path
     */
    @Override
    public boolean delete(String instance, String path) {
        try {
            api.envelope(HttpRequest.of("DELETE", target(instance, path)), "delete " + path + " in instance " + instance);
            return true;
        } catch (IncusNotFoundException e) {
            return false;
        }
    }

    /**
     * Copies a host file, symbolic link or directory tree into an instance. Every entry keeps its permission
     * bits (including setuid, setgid and sticky) and gets the given owner; existing files are overwritten,
     * existing directories kept. Sockets, FIFOs and device files are skipped. Links are copied as links.
     *
     * @param instance the instance name
     * @param source the host path
     * @param destination the absolute path of the copy in the instance; its parent must exist
     * @param uid the owning user id inside the instance
     * @param gid the owning group id inside the instance
     */
    @Override
    public void push(String instance, Path source, String destination, int uid, int gid) {
        try {
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                    send(instance, inInstance(dir), "directory", RequestBody.of(new byte[0]), uid, gid, mode(dir));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    if (attributes.isSymbolicLink()) {
                        byte[] target = Files.readSymbolicLink(file).toString().getBytes(StandardCharsets.UTF_8);
                        send(instance, inInstance(file), "symlink", RequestBody.of(target), uid, gid, 0777);
                    } else if (attributes.isRegularFile()) {
                        send(instance, inInstance(file), "file", RequestBody.of(file), uid, gid, mode(file));
                    }
                    return FileVisitResult.CONTINUE;
                }

                private String inInstance(Path hostPath) {
                    String relative = source.relativize(hostPath).toString();
                    return relative.isEmpty() ? destination : child(destination, relative);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + source + " into instance " + instance + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * Copies a file, symbolic link or directory tree out of an instance to a host path, keeping permission
     * bits; the owner is the user running coi. {@code destination} names the copy itself, not a directory to
     * put it in. Links whose target lies inside the copied tree become relative links inside the copy; other
     * links keep the absolute target Incus reports (a path of the instance).
     *
     * <p>An existing destination is replaced, but never destroyed before the new data is completely written:
     * everything is first pulled into a hidden staging directory ({@code .coi-pull-*}) beside the
     * destination. A file then replaces the destination in one atomic rename. A directory (or anything
     * replacing a directory) takes two renames, the old entry into the staging directory, the new one into
     * place, and the old one is deleted after that; between the two renames the destination is briefly
     * missing, and if coi dies right then, the old data is still in the staging directory. When the pull
     * fails, the destination is untouched and the staging directory removed.
     *
     * @param instance the instance name
     * @param source the absolute path in the instance
     * @param destination the host path of the copy
     * @throws IncusNotFoundException when there is nothing at {@code source}
     */
    @Override
    public void pull(String instance, String source, Path destination) {
        Path absolute = destination.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        if (parent == null) {
            throw new IllegalArgumentException("cannot replace the root directory with a pulled copy");
        }
        Path staging;
        try {
            Files.createDirectories(parent);
            staging = Files.createTempDirectory(parent, ".coi-pull-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write to " + parent + ": " + e.getMessage(), e);
        }
        try {
            Path staged = staging.resolve("new");
            pullEntry(instance, source, staged, trimmed(source));
            replace(staged, absolute, staging.resolve("old"));
        } catch (IOException e) {
            throw cleanedUp(staging, new UncheckedIOException("Cannot copy " + source + " of instance " + instance
                    + " to " + absolute + ": " + e.getMessage(), e));
        } catch (RuntimeException e) {
            throw cleanedUp(staging, e);
        }
        try {
            LocalTrees.delete(staging);
        } catch (IOException e) {
            throw new UncheckedIOException("Copied " + source + " of instance " + instance + " to " + absolute
                    + ", but cannot remove the staging directory " + staging + ": " + e.getMessage(), e);
        }
    }

    private static RuntimeException cleanedUp(Path staging, RuntimeException failure) {
        try {
            LocalTrees.delete(staging);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    private void pullEntry(String instance, String path, Path target, String root) throws IOException {
        String action = "read " + path + " in instance " + instance;
        List<String> entries;
        int mode;
        try (HttpResponse response = api.raw(HttpRequest.of("GET", target(instance, path)), action)) {
            String type = response.header("X-Incus-Type").orElse("file");
            mode = intHeader(response, "X-Incus-Mode", 8);
            switch (type) {
                case "file" -> {
                    try (InputStream body = response.body()) {
                        Files.copy(body, target);
                    }
                    Files.setAttribute(target, "unix:mode", mode);
                    return;
                }
                case "symlink" -> {
                    String link = new String(response.readBody(), StandardCharsets.UTF_8);
                    Files.createSymbolicLink(target, linkTarget(path, link, root));
                    return;
                }
                case "directory" -> entries = entries(response.readBody(), action);
                default -> throw new IOException("Incus reports " + path + " as a " + type
                        + ", which coi cannot copy");
            }
        }
        Files.createDirectory(target);
        for (String name : entries) {
            if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/")) {
                throw new IOException("Incus lists a bad entry name in " + path + ": \"" + name + "\"");
            }
            pullEntry(instance, child(path, name), target.resolve(name), root);
        }
        // set last: a read-only directory must not stop its own entries from being written
        Files.setAttribute(target, "unix:mode", mode);
    }

    /**
     * Incus reports a link's target joined to the link's directory, so a relative {@code ../lib/x} comes
     * back as {@code /usr/lib/x}. Targets inside the pulled tree are made relative again, so the copy's
     * links stay inside the copy; others stay absolute, naming a path of the instance.
     */
    private static Path linkTarget(String linkPath, String reported, String root) {
        Path target = Path.of(reported);
        boolean inside = root.equals("/") || reported.equals(root) || reported.startsWith(root + "/");
        if (!inside || !target.isAbsolute()) {
            return target;
        }
        Path relative = Path.of(linkPath).getParent().relativize(target);
        return relative.toString().isEmpty() ? Path.of(".") : relative;
    }

    private static String trimmed(String path) {
        String trimmed = path.replaceAll("/+$", "");
        return trimmed.isEmpty() ? "/" : trimmed;
    }

    private static String child(String directory, String name) {
        String parent = trimmed(directory);
        return parent.equals("/") ? "/" + name : parent + "/" + name;
    }

    private static void replace(Path staged, Path destination, Path aside) throws IOException {
        boolean exists = Files.exists(destination, LinkOption.NOFOLLOW_LINKS);
        if (!exists || !Files.isDirectory(destination, LinkOption.NOFOLLOW_LINKS)
                && !Files.isDirectory(staged, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(staged, destination, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Files.move(destination, aside, StandardCopyOption.ATOMIC_MOVE);
        try {
            Files.move(staged, destination, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.move(aside, destination, StandardCopyOption.ATOMIC_MOVE);
            throw e;
        }
    }

    private void send(String instance, String path, String type, RequestBody body, int uid, int gid, int mode) {
        HttpRequest request = HttpRequest.of("POST", target(instance, path))
                .withHeader("Content-Type", "application/octet-stream")
                .withHeader("X-Incus-Type", type)
                .withHeader("X-Incus-Uid", Integer.toString(uid))
                .withHeader("X-Incus-Gid", Integer.toString(gid))
                .withHeader("X-Incus-Mode", String.format("%04o", mode))
                .withHeader("X-Incus-Write", "overwrite")
                .withBody(body);
        api.envelope(request, "write " + path + " in instance " + instance);
    }

    private List<String> entries(byte[] body, String action) {
        try {
            return api.convert(IncusJson.MAPPER.readTree(body).path("metadata"), NAMES, action);
        } catch (IOException e) {
            throw new IncusException("Incus gave a directory listing coi does not understand when trying to " + action,
                    0, "", e);
        }
    }

    private static int intHeader(HttpResponse response, String name, int radix) {
        Optional<String> value = response.header(name);
        try {
            return value.map(text -> Integer.parseInt(text.strip(), radix)).orElse(0);
        } catch (NumberFormatException e) {
            throw new IncusException("Incus sent a bad " + name + " header: " + value.get(), 0, "", e);
        }
    }

    private static int mode(Path hostPath) throws IOException {
        return (Integer) Files.getAttribute(hostPath, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    private static String target(String instance, String path) {
        return IncusClient.instancePath(instance) + "/files?path=" + Urls.queryValue(path);
    }

    private static IncusException lost(IOException e, String action) {
        return new IncusException("Lost the connection to Incus when trying to " + action + ": " + e.getMessage(), 0,
                "", e);
    }
}
