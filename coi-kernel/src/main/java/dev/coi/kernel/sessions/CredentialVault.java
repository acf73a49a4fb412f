package dev.coi.kernel.sessions;

import dev.coi.api.AiTool;
import dev.coi.api.ToolFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code ~/.coi/credentials/<tool>/<path>}: the freshest valid credentials that came out of containers. A tool
 * refreshes its tokens inside the container; keeping the refreshed copy here lets the next session start with
 * it although the host's own file is older. The user's files in the home directory are never written.
 */
public final class CredentialVault {

    private final Path coiHome;
    private final Path directory;

    public CredentialVault(Path coiHome, String toolName) {
        this.coiHome = coiHome;
        this.directory = coiHome.resolve("credentials").resolve(toolName);
    }

    public Path directory() {
        return directory;
    }

    /** Where the vault keeps its copy of a credentials file. */
    public Path path(ToolFile file) {
        return directory.resolve(file.path());
    }

    /** The vault's copy, when it has one. */
    public Optional<byte[]> read(ToolFile file) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(path(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Until when the vault's copy is good; empty when it has none or it is not valid. */
    public Optional<Instant> validUntil(AiTool tool, ToolFile file) throws IOException {
        return read(file).flatMap(content -> validUntil(tool, file, content));
    }

    /**
     * Keeps credentials that came out of a container when they are valid and good for longer than the
     * vault's copy; anything else is dropped.
     *
     * @return whether the vault took them
     */
    public boolean offer(AiTool tool, ToolFile file, byte[] content) throws IOException {
        Optional<Instant> offered = validUntil(tool, file, content);
        if (offered.isEmpty()) {
            return false;
        }
        Optional<Instant> kept = validUntil(tool, file);
        if (kept.isPresent() && !offered.get().isAfter(kept.get())) {
            return false;
        }
        Path target = path(file);
        Path parent = target.getParent();
        LocalFiles.privateFolder(coiHome, parent);
        LocalFiles.writeAtomically(target, content, "rw-------");
        return true;
    }

    /** A tool's verdict on credentials; a tool that fails on strange content counts as saying "not valid". */
    static Optional<Instant> validUntil(AiTool tool, ToolFile file, byte[] content) {
        try {
            return tool.credentialsValidUntil(file, content.clone());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
