package dev.coi.kernel.sessions.launch;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.sessions.SessionContainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host user and group that own the workspace, the only host ids a session container maps: to its code user,
 * with {@code raw.idmap}. Disks are not shifted, because a shifted disk keeps host ids as they are: container root
 * would then write root-owned, even setuid-root, files into the user's folder, and the code user could not write a
 * folder whose owner is not uid 1000. Everything else of the container, root included, stays in Incus'
 * unprivileged range. Host root is never mapped.
 *
 * @param uid the owner's uid
 * @param gid the owner's gid (not always the uid's number)
 */
public record WorkspaceOwner(int uid, int gid) {

    public WorkspaceOwner {
        if (uid <= 0 || gid <= 0) {
            throw new IllegalArgumentException("host root is never mapped into a container: uid " + uid + ", gid "
                    + gid);
        }
    }

    /**
     * The owner of a workspace folder.
     *
     * @throws CoiException when it cannot be read, or is root: the agent could then plant setuid-root programs
     */
    static WorkspaceOwner of(Path workspace) {
        int uid;
        int gid;
        try {
            uid = (Integer) Files.getAttribute(workspace, "unix:uid");
            gid = (Integer) Files.getAttribute(workspace, "unix:gid");
        } catch (IOException | UnsupportedOperationException e) {
            throw CoiException.failure("cannot read the owner of workspace " + workspace + ", which coi maps to the"
                    + " code user: " + e.getMessage());
        }
        if (uid == 0 || gid == 0) {
            throw CoiException.failure("workspace " + workspace + " is owned by root (uid " + uid + ", gid " + gid
                    + "); coi does not map host root into a container, because the agent could then plant"
                    + " setuid-root programs in it - use a folder owned by a normal user, e.g. 'sudo chown -R USER:"
                    + " " + workspace + "'");
        }
        return new WorkspaceOwner(uid, gid);
    }

    /** The {@code raw.idmap} value: the owner's uid and gid to the code user's. */
    public String rawIdmap() {
        return "uid " + uid + " " + SessionContainer.CODE_UID + "\ngid " + gid + " " + SessionContainer.CODE_UID;
    }

    /** The lines {@code /etc/subuid} and {@code /etc/subgid} need so that Incus may map these ids. */
    public String subordinateIdLines() {
        return "'root:" + uid + ":1' in /etc/subuid and 'root:" + gid + ":1' in /etc/subgid";
    }
}
