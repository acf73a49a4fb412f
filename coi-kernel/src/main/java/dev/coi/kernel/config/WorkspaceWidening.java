package dev.coi.kernel.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What the working directory's {@code .coi.toml} loosens compared with the configuration without it. That file
 * usually lies in the workspace, where the AI tool in the container can edit it, so none of this may take effect
 * without the user's consent.
 *
 * @param file      the file, absolute
 * @param sha256    the SHA-256 of the content that was read, in lowercase hex; a consent holds for this content only
 * @param widenings everything it loosens, for the invocation and for each profile the file defines; never empty
 */
public record WorkspaceWidening(Path file, String sha256, List<Widening> widenings) {

    /** Copies the list. */
    public WorkspaceWidening {
        widenings = List.copyOf(widenings);
    }

    /** @return the folder holding the file, which consents are remembered for */
    public Path workspace() {
        return file.getParent();
    }

    /**
     * @param keysFromFlags the keys the user set on the command line, e.g. {@code network.mode} for
     *                      {@code --network}: a flag wins over the file, so what the file does to them does not matter
     * @return the widenings that would take effect
     */
    public List<Widening> effectiveDespite(Set<String> keysFromFlags) {
        return widenings.stream().filter(widening -> !keysFromFlags.contains(widening.key())).toList();
    }

    /**
     * @return whether the file changes which Incus daemon coi talks to (its socket or remote), for the invocation or
     *         any profile it defines: a daemon it chose would see, and could answer, everything every command sends
     */
    public boolean choosesIncusSocket() {
        return widenings.stream().anyMatch(widening -> widening.key().equals(ConfigSchema.INCUS_SOCKET.name())
                || widening.key().equals(ConfigSchema.INCUS_REMOTE.name()));
    }
}
