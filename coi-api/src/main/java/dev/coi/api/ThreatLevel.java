package dev.coi.api;

/**
 * How bad a {@link WatchEvent} is, from what is only worth recording to what ends the session; what coi does
 * about each is told at {@link WatchedSession#report}.
 *
 * @since 0.3.2
 */
public enum ThreatLevel {
    /** Recorded only. */
    INFO,
    /** Recorded, and the user is told. */
    WARNING,
    /** The container is frozen until the user continues it. */
    HIGH,
    /** The container is stopped after a copy of it is kept. */
    CRITICAL
}
