package dev.coi.api;

import java.util.Map;

/**
 * Something a {@link SessionWatcher} found.
 *
 * @param detector what found it, e.g. {@code reverse-shell}
 * @param level how bad it is
 * @param message one line for the user
 * @param details what it is based on (a command line, a process id), for the audit log
 * @since 0.3.2
 */
public record WatchEvent(String detector, ThreatLevel level, String message, Map<String, String> details) {

    /** Keeps a copy of the details. */
    public WatchEvent {
        details = Map.copyOf(details);
    }
}
