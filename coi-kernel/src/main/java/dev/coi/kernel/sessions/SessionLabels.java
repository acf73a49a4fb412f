package dev.coi.kernel.sessions;

/**
 * The {@code user.coi.*} config keys a session container carries, so that every coi command (and every coi
 * process, also one started after the one that made the container was killed) agrees on what it is.
 */
public final class SessionLabels {

    /** The coi session id (a UUID), which names the folder the session is saved in. */
    public static final String SESSION_ID = "user.coi.session";
    /** The absolute workspace path mounted at {@code /workspace}. */
    public static final String WORKSPACE = "user.coi.workspace";
    /** {@code true} when the container is kept after it stops, {@code false} when coi deletes it once saved. */
    public static final String PERSISTENT = "user.coi.persistent";
    /** The AI tool's name, for example {@code claude}, which names the sessions folder. */
    public static final String TOOL = "user.coi.tool";
    /** The image alias the container was made from, as the user named it. */
    public static final String IMAGE = "user.coi.image";
    /** The user id the tool runs as inside the container ({@code 1000}, or {@code 0} for root images). */
    public static final String UID = "user.coi.uid";
    /** The home directory of that user inside the container. */
    public static final String HOME = "user.coi.home";

    /** The network mode the session was started with: {@code open}, {@code restricted} or {@code allowlist}. */
    public static final String NETWORK = "user.coi.network";

    /** How the workspace reaches the container: {@code mount} (also when missing) or {@code copy}. */
    public static final String WORKSPACE_MODE = "user.coi.workspace_mode";

    private SessionLabels() {
    }
}
