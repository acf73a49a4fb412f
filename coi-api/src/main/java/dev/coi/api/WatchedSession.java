package dev.coi.api;

import java.util.List;

/**
 * A running session as a {@link SessionWatcher} sees it: its processes, read on the host, where nothing in the
 * container can hide or change them; and where to report what it finds.
 *
 * @since 0.3.2
 */
public interface WatchedSession {

    /**
     * The session's container.
     *
     * @return its name
     */
    String container();

    /**
     * The session.
     *
     * @return its id
     */
    String sessionId();

    /**
     * The processes that run in the container now.
     *
     * @return the processes, in no particular order
     */
    List<ContainerProcess> processes();

    /**
     * What the container has read and written, and removed from the workspace, so far.
     *
     * @return the counts, read at the first call of a look
     */
    SessionActivity activity();

    /**
     * Reports what was found. coi writes every event to the session's audit log ({@code ~/.coi/audit/<container>.jsonl})
     * and responds by its level: from {@link ThreatLevel#WARNING} on it tells the user, {@link ThreatLevel#HIGH}
     * freezes the container until the user lets it go on ({@code coi container unfreeze}), and
     * {@link ThreatLevel#CRITICAL} stops it at once, keeps a stopped copy of it for inspection and ends the session
     * (saved; deleted unless persistent). A watcher reports what it found once, not at every look.
     *
     * @param event what was found
     */
    void report(WatchEvent event);
}
