package dev.coi.kernel.sessions;

import dev.coi.api.CommandResult;
import dev.coi.api.ContainerHandle;
import dev.coi.api.ExecOptions;
import dev.coi.api.FileOwnership;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A container that only holds files in memory. Pushes behave like {@code IncusContainerHandle}'s: a single
 * file gets the given mode, a pushed tree keeps the host's modes, everything gets the given owner.
 */
final class FakeContainer implements ContainerHandle {

    record Entry(boolean directory, byte[] content, int uid, int gid, int mode) {
        String text() {
            return new String(content, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    final Map<String, Entry> files = new TreeMap<>();

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public CommandResult exec(List<String> command, ExecOptions options) {
        throw new UnsupportedOperationException("the injection must not depend on programs in the image");
    }

    @Override
    public void push(Path source, String destination, FileOwnership ownership) {
        try {
            if (!Files.isDirectory(source)) {
                requireParent(destination);
                files.put(destination, new Entry(false, Files.readAllBytes(source), ownership.uid(), ownership.gid(),
                        ownership.mode()));
                return;
            }
            try (Stream<Path> tree = Files.walk(source)) {
                for (Path path : tree.toList()) {
                    String relative = source.relativize(path).toString();
                    String target = relative.isEmpty() ? destination : destination + "/" + relative;
                    requireParent(target);
                    int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
                    boolean directory = Files.isDirectory(path);
                    files.put(target, new Entry(directory, directory ? new byte[0] : Files.readAllBytes(path),
                            ownership.uid(), ownership.gid(), mode));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void requireParent(String path) {
        String parent = path.substring(0, path.lastIndexOf('/'));
        if (!parent.isEmpty() && !files.containsKey(parent)) {
            throw new IllegalStateException("no directory " + parent + " for " + path);
        }
    }

    void mkdir(String path) {
        files.put(path, new Entry(true, new byte[0], 0, 0, 0755));
    }

    @Override
    public void pull(String source, Path destination) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<String> ipv4Address() {
        return Optional.empty();
    }
}
