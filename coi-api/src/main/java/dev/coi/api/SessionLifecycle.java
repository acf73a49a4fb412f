package dev.coi.api;

/**
 * Hooks on the phases of a session, from its plan to its container's deletion. Every hook does nothing unless
 * overridden; implement those of the phases you need. The kernel's own duties (a session's deadline, the release of
 * its network rules) are hooks of this kind too: at each phase the kernel's hooks run first, then the plugins', in
 * plugin order, one after the other on the thread that reached the phase.
 *
 * <p>The phases of {@code coi shell} and {@code coi run}, in order:
 * <ol>
 * <li>{@link #planned}: the session is planned, nothing is made for it yet;</li>
 * <li>{@link #containerCreated}: a new container was made for it (not when an existing one is reused);</li>
 * <li>{@link #beforeStart}: coi is about to start the stopped container;</li>
 * <li>{@link #started}: the container runs, answers commands and has its network rules;</li>
 * <li>{@link #toolRunning}: the tool (or the command of {@code coi run}) is about to start;</li>
 * <li>{@link #ending}: coi is about to end the session;</li>
 * <li>{@link #stopped} and {@link #deleted}: the container was stopped or deleted.</li>
 * </ol>
 *
 * <p><b>When a hook throws.</b> From {@link #planned} to {@link #toolRunning} a hook may refuse the session: its
 * exception ends the start with an error that names the extension and its message, the later hooks of that phase
 * do not run, and a container made for the session is removed (a reused one is left as it was). From
 * {@link #ending} on, an exception is reported as a warning and every other hook still runs: nothing a hook does
 * can keep a session from being saved or its container from being removed.
 *
 * <p>A hook must return promptly: the session waits for it. It must not start, stop or delete the container itself.
 *
 * @since 0.2.0
 */
public non-sealed interface SessionLifecycle extends Extension {

    /**
     * The session is planned: its id, workspace, tool and network mode are known, no container is made or started
     * yet. Fires for every {@code coi shell} and {@code coi run}.
     *
     * @param session the plan
     */
    default void planned(SessionPlan session) {
    }

    /**
     * A new container was made for the session. When Incus assigns its address (DHCP), its create request started it
     * already, and {@link #beforeStart} does not fire for it; nothing of the user runs in it before {@link #started}.
     *
     * @param session the session in its container
     */
    default void containerCreated(SessionEvent session) {
    }

    /**
     * coi is about to start the session's stopped container: a new one whose address coi chose, or a persistent one
     * reused. The network rules may not be in place yet: coi puts them in place before the first boot itself.
     *
     * @param session the session in its container
     */
    default void beforeStart(SessionEvent session) {
    }

    /**
     * The session's container runs, answers commands and has its network rules, whether coi started it now or it
     * ran already; nothing of the user runs in it yet, unless the user comes back to a session that runs.
     *
     * @param session the session in its container
     */
    default void started(SessionEvent session) {
    }

    /**
     * The tool is about to start, so that what a hook puts in place (the session's deadline) holds from its first
     * moment; when the user comes back to a running session ({@link ToolRunning#joined()}), it runs already.
     *
     * @param tool the session and whether it ran already
     */
    default void toolRunning(ToolRunning tool) {
    }

    /**
     * coi is about to end the session: save it, then stop or delete its container. Fires where coi ends a session
     * itself: when the session of {@code coi shell} or {@code coi run} is over (the tool exited, Ctrl-C, the terminal
     * of {@code coi attach} came back from an ended session), at the session's deadline, and at {@code coi shutdown}
     * and {@code coi kill} of a container coi made, before they stop it. The removal of a stopped container whose coi
     * was killed ({@code coi clean}, the next {@code coi shell}) or whose setup failed gives only {@link #stopped}
     * and {@link #deleted}: put there what must happen for every container. When two coi processes end the same
     * session at once (a {@code coi shutdown} while its {@code coi shell} is attached), the hooks may hear of it twice.
     *
     * @param session what the container's labels say of the session
     */
    default void ending(SessionEnding session) {
    }

    /**
     * coi stopped the container, by whichever command. A container that stops by itself (shut down from inside) is
     * not seen until coi deletes it.
     *
     * @param container the container
     */
    default void stopped(ContainerEvent container) {
    }

    /**
     * coi deleted the container, by whichever command ({@code coi kill}, {@code coi container delete},
     * {@code coi clean}, the end of a session); one that ran was {@link #stopped} first. Release here what belongs to
     * the container outside Incus.
     *
     * @param container the container, gone now
     */
    default void deleted(ContainerEvent container) {
    }
}
