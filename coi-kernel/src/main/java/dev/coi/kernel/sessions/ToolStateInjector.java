package dev.coi.kernel.sessions;

import dev.coi.api.AiTool;
import dev.coi.api.ContainerHandle;
import dev.coi.api.FileOwnership;
import dev.coi.api.PortException;
import dev.coi.api.Progress;
import dev.coi.api.ToolFile;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.LocalTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Puts the tool's files into a fresh container before the tool starts: the saved state of a resumed session,
 * then the files the tool names in {@link AiTool#hostFiles()}, and nothing else from the host's home.
 */
public final class ToolStateInjector {

    private static final int PRIVATE_DIRECTORY = 0700;
    private static final int PRIVATE_FILE = 0600;

    private final AiTool tool;
    private final Path hostHome;
    private final CredentialVault vault;
    private final Progress progress;

    public ToolStateInjector(AiTool tool, Path hostHome, CredentialVault vault, Progress progress) {
        this.tool = tool;
        this.hostHome = hostHome;
        this.vault = vault;
        this.progress = progress;
    }

    /**
     * Restores the saved config directory of a resumed session first; then the tool's host files:
     * CREDENTIALS = the valid one of host file and vault that is good for longest; SETTINGS = the keys the file
     * names ({@link ToolFile#keys()}) of the user's JSON object from the host, with {@link AiTool#sandboxSettings()}
     * merged over them (a restored copy is not trusted); PLAIN = copied when the user has it. Everything is owned
     * by uid:gid under containerHome, which must exist.
     *
     * @throws CoiException when a file cannot be read on the host or written in the container
     */
    public void inject(ContainerHandle container, String containerHome, int uid, int gid,
            Optional<SavedSession> resumed) {
        Path work;
        try {
            work = Files.createTempDirectory("coi-inject-");
        } catch (IOException e) {
            throw CoiException.failure("cannot make a temporary folder for the files of " + tool.name() + ": "
                    + e.getMessage());
        }
        try {
            new Injection(container, trimmed(containerHome), uid, gid, work).run(resumed);
        } catch (IOException e) {
            throw CoiException.failure("cannot prepare the files of " + tool.name() + " for " + container.name() + ": "
                    + e.getMessage());
        } catch (PortException e) {
            throw CoiException.failure("cannot put the files of " + tool.name() + " into " + container.name() + ": "
                    + e.getMessage() + " (is " + containerHome + " the user's home in the image?)");
        } finally {
            try {
                LocalTrees.delete(work);
            } catch (IOException e) {
                progress.warn("cannot remove the temporary folder " + work + ": " + e.getMessage());
            }
        }
    }

    /** One injection into one container, with the host work folder it stages files in. */
    private final class Injection {

        private final ContainerHandle container;
        private final String home;
        private final int uid;
        private final int gid;
        private final Path work;
        private final Set<String> directories = new HashSet<>();
        private int staged;

        Injection(ContainerHandle container, String home, int uid, int gid, Path work) {
            this.container = container;
            this.home = home;
            this.uid = uid;
            this.gid = gid;
            this.work = work;
        }

        void run(Optional<SavedSession> resumed) throws IOException {
            Optional<String> configDirectory = tool.configDirectory();
            if (configDirectory.isPresent()) {
                restore(configDirectory.get(), resumed);
            }
            for (ToolFile file : tool.hostFiles()) {
                Path parent = Path.of(file.path()).getParent();
                if (parent != null) {
                    directory(parent.toString());
                }
                switch (file.kind()) {
                    case CREDENTIALS -> credentials(file);
                    case SETTINGS -> settings(file);
                    case PLAIN -> plain(file);
                }
            }
        }

        /**
         * Copies the saved state into a fresh, private config directory entry by entry: Incus keeps the mode
         * of a directory that exists, so the directory itself is made here rather than pushed. Links at the
         * top are skipped: pushing them as files would copy what they point to on the host.
         */
        private void restore(String configDirectory, Optional<SavedSession> resumed) throws IOException {
            directory(configDirectory);
            Optional<Path> saved = resumed.map(session -> session.stateDirectory(configDirectory))
                    .filter(path -> Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS));
            if (saved.isEmpty()) {
                return;
            }
            progress.info("Restoring " + configDirectory + " of session " + resumed.get().id());
            try (Stream<Path> entries = Files.list(saved.get())) {
                for (Path entry : entries.sorted().toList()) {
                    if (Files.isSymbolicLink(entry)) {
                        progress.info("Skipping the link " + entry + " of the saved session");
                        continue;
                    }
                    int mode = (Integer) Files.getAttribute(entry, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
                    container.push(entry, inContainer(configDirectory + "/" + entry.getFileName()), ownership(mode));
                }
            }
        }

        /** Creates a directory relative to the home and its missing parents, private to the user. */
        private void directory(String relative) throws IOException {
            Path parent = Path.of(relative).getParent();
            if (parent != null) {
                directory(parent.toString());
            }
            if (directories.add(relative)) {
                Path empty = Files.createDirectory(work.resolve("dir-" + staged++),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                container.push(empty, inContainer(relative), ownership(PRIVATE_DIRECTORY));
            }
        }

        private void credentials(ToolFile file) throws IOException {
            Path hostFile = hostHome.resolve(file.path());
            Optional<byte[]> host = Files.isRegularFile(hostFile) ? Optional.of(Files.readAllBytes(hostFile))
                    : Optional.empty();
            Optional<byte[]> kept = vault.read(file);
            Optional<Instant> hostValid = host.flatMap(content -> CredentialVault.validUntil(tool, file, content));
            Optional<Instant> keptValid = kept.flatMap(content -> CredentialVault.validUntil(tool, file, content));
            if (keptValid.isPresent() && (hostValid.isEmpty() || keptValid.get().isAfter(hostValid.get()))) {
                progress.info("Copying " + file.path() + " (refreshed in an earlier session, good until "
                        + keptValid.get() + ")");
                write(file, kept.get());
            } else if (hostValid.isPresent()) {
                progress.info("Copying ~/" + file.path());
                write(file, host.get());
            } else if (host.isPresent()) {
                progress.warn("~/" + file.path() + " does not look like valid " + tool.name()
                        + " credentials; copying it as it is (log in again if " + tool.name() + " asks)");
                write(file, host.get());
            } else {
                progress.warn("no " + tool.name() + " credentials: ~/" + file.path() + " is missing; log in inside"
                        + " the container, or log in on the host first");
            }
        }

        private void settings(ToolFile file) throws IOException {
            Path hostFile = hostHome.resolve(file.path());
            var user = SettingsMerge.emptyObject();
            if (Files.isRegularFile(hostFile)) {
                try {
                    user = SettingsMerge.parseObject(Files.readAllBytes(hostFile));
                } catch (IOException e) {
                    progress.warn("~/" + file.path() + " cannot be used as " + tool.name() + " settings: " + e.getMessage()
                            + "; the container gets the sandbox settings alone");
                }
            }
            List<String> leftOut = SettingsMerge.leftOut(user, file.keys());
            if (!leftOut.isEmpty()) {
                progress.info("Leaving " + String.join(", ", leftOut) + " of ~/" + file.path() + " on the host ("
                        + tool.name() + " carries " + (file.keys().isEmpty() ? "none of its keys"
                        : "only " + String.join(", ", file.keys().stream().sorted().toList())) + ")");
            }
            progress.info("Writing " + file.path() + " with the sandbox settings");
            write(file, SettingsMerge.toJson(SettingsMerge.merge(SettingsMerge.carried(user, file.keys()),
                    tool.sandboxSettings())));
        }

        private void plain(ToolFile file) throws IOException {
            Path hostFile = hostHome.resolve(file.path());
            if (Files.isRegularFile(hostFile)) {
                progress.info("Copying ~/" + file.path());
                write(file, Files.readAllBytes(hostFile));
            }
        }

        private void write(ToolFile file, byte[] content) throws IOException {
            Path copy = Files.createFile(work.resolve("file-" + staged++),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(copy, content);
            container.push(copy, inContainer(file.path()), ownership(PRIVATE_FILE));
        }

        private FileOwnership ownership(int mode) {
            return new FileOwnership(uid, gid, mode);
        }

        private String inContainer(String relative) {
            return home + "/" + relative;
        }
    }

    private static String trimmed(String home) {
        return home.endsWith("/") && home.length() > 1 ? home.substring(0, home.length() - 1) : home;
    }
}
