package dev.coi.kernel.sessions;

import dev.coi.kernel.base.LocalFiles;

import dev.coi.api.AiTool;
import dev.coi.api.ToolFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code ~/.coi/credentials/<tool>/<path>}: the freshest valid credentials that came out of containers. A tool
 * refreshes its tokens inside the container; keeping the refreshed copy here lets the next session start with
 * it although the host's own file is older. The user's files in the home directory are never written.
 */
public final class CredentialVault {

    /**
     * The longest a copy from a container may claim to be good for. The container writes the expiry it claims,
     * and the freshest copy is what the next sessions start with, even over a newer login on the host; a claim
     * this far out is a planted one, no refreshed login lasts that long.
     */
    static final Duration LONGEST_CLAIM = Duration.ofDays(366);

    private final Path coiHome;
    private final Path directory;
    private final Clock clock;

    public CredentialVault(Path coiHome, String toolName) {
        this(coiHome, toolName, Clock.systemUTC());
    }

    CredentialVault(Path coiHome, String toolName, Clock clock) {
        this.coiHome = coiHome;
        this.clock = clock;
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

    /**
     * Until when the vault's copy is good; empty when it has none, it is not valid, or it claims an expiry no
     * copy is taken with now (one an older coi kept), so that it neither outranks the host's file nor blocks
     * fresher copies.
     */
    public Optional<Instant> validUntil(AiTool tool, ToolFile file) throws IOException {
        Instant latest = clock.instant().plus(LONGEST_CLAIM);
        return read(file).flatMap(content -> validUntil(tool, file, content))
                .filter(until -> until.equals(Instant.MAX) || !until.isAfter(latest));
    }

    /**
     * Keeps credentials that came out of a container when the tool finds them valid, they have not expired, are
     * good for longer than the vault's copy and for no longer than {@link #LONGEST_CLAIM} from now (a tool that
     * cannot tell an end says {@link Instant#MAX}, which only the content's validity decides); anything else is
     * dropped.
     *
     * @return whether the vault took them
     */
    public boolean offer(AiTool tool, ToolFile file, byte[] content) throws IOException {
        Optional<Instant> offered = validUntil(tool, file, content);
        Instant now = clock.instant();
        if (offered.isEmpty() || !offered.get().isAfter(now)
                || !offered.get().equals(Instant.MAX) && offered.get().isAfter(now.plus(LONGEST_CLAIM))) {
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
