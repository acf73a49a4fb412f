package dev.coi.kernel.sessions.launch;

import dev.coi.kernel.incus.ContainerRuntime;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.sessions.SessionContainer;
import java.util.Optional;

/**
 * The user the tool runs as: {@code code} (uid 1000) as in every image coi builds, or root in {@code /root} for an
 * image that has no user 1000.
 *
 * @param uid the user id
 * @param gid the group id
 * @param home the home directory
 */
public record SessionUser(int uid, int gid, String home) {

    public static final SessionUser CODE = new SessionUser(SessionContainer.CODE_UID, SessionContainer.CODE_UID,
            SessionContainer.CODE_HOME);
    public static final SessionUser ROOT = new SessionUser(0, 0, "/root");

    /** Looks for uid 1000 in the container's {@code /etc/passwd}. */
    public static SessionUser of(ContainerRuntime incus, String container) {
        try {
            return fromPasswd(incus.files().read(container, "/etc/passwd").text()).orElse(ROOT);
        } catch (IncusException e) {
            return ROOT;
        }
    }

    static Optional<SessionUser> fromPasswd(String passwd) {
        return passwd.lines()
                .map(line -> line.split(":", -1))
                .filter(fields -> fields.length >= 7 && fields[2].equals(Integer.toString(SessionContainer.CODE_UID)))
                .findFirst()
                .map(fields -> new SessionUser(SessionContainer.CODE_UID, parseOr(fields[3], SessionContainer.CODE_UID),
                        fields[5].isEmpty() ? SessionContainer.CODE_HOME : fields[5]));
    }

    private static int parseOr(String text, int fallback) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
