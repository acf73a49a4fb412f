package dev.coi.kernel.watch;

import java.util.Map;

/**
 * That a session is watched, and by which watchers with which settings: written as its tool starts, read by the
 * keeper at every look.
 *
 * @param container the session's container
 * @param sessionId the session's id; a container that runs another session is not this one
 * @param workspace the session's host folder; null in a record of a coi that did not write it
 * @param watchers each watcher's name with the values of its configuration section the session started with
 */
public record WatchRecord(String container, String sessionId, String workspace,
        Map<String, Map<String, Object>> watchers) {

    public WatchRecord {
        watchers = Map.copyOf(watchers);
    }
}
