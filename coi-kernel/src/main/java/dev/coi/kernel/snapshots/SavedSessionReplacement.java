package dev.coi.kernel.snapshots;

import dev.coi.kernel.base.LocalTrees;
import dev.coi.kernel.base.LocalFiles;
import dev.coi.kernel.sessions.SessionMetadata;
import dev.coi.kernel.sessions.SessionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Makes a container's saved session (what {@code --resume} gives a new container) the one a snapshot's copy
 * holds. The new folder is built completely beside the old one and renamed into place; the saved session it
 * replaces is moved aside whole, never deleted, and put back when the new one cannot take its place.
 */
final class SavedSessionReplacement {

    private final SessionCopies copies;
    private final Path coiHome;

    SavedSessionReplacement(SessionCopies copies, Path coiHome) {
        this.copies = copies;
        this.coiHome = coiHome;
    }

    /**
     * @param metadata what the session's {@code metadata.json} says afterwards
     * @return where the saved session it replaced went, if there was one
     */
    Optional<Path> apply(SessionCopy copy, SessionMetadata metadata) throws IOException {
        SessionStore store = new SessionStore(coiHome, copy.tool());
        Path target = store.sessionDirectory(copy.sessionId());
        Files.createDirectories(store.directory());
        Path staging = Files.createTempDirectory(store.directory(), LocalFiles.WORK_PREFIX + "restore-");
        try {
            Trees.copy(copy.state(), staging.resolve(copy.stateDirectory()));
            LocalFiles.writeAtomically(staging.resolve("metadata.json"), metadata.toJson(), "rw-r--r--");
            Optional<Path> aside = Optional.empty();
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                aside = Optional.of(copies.replacedFolder("session-" + copy.tool() + "-" + copy.sessionId()));
                Files.move(target, aside.get(), StandardCopyOption.ATOMIC_MOVE);
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (aside.isPresent()) {
                    Files.move(aside.get(), target, StandardCopyOption.ATOMIC_MOVE);
                }
                throw e;
            }
            return aside;
        } finally {
            if (Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
                LocalTrees.delete(staging);
            }
        }
    }
}
