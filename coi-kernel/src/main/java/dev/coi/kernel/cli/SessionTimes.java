package dev.coi.kernel.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** How session commands show times: in the local time zone, to the second. */
final class SessionTimes {

    /** {@code 2026-01-31 10:00:00}, as the reference tool shows creation times. */
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    /** {@code 2026-01-31T10:00:00+01:00}, as {@code saved_at} is written in metadata.json. */
    private static final DateTimeFormatter SAVED = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    private SessionTimes() {
    }

    static String created(Instant instant) {
        return CREATED.format(instant.atZone(ZoneId.systemDefault()));
    }

    static String saved(Instant instant) {
        return SAVED.format(instant.truncatedTo(ChronoUnit.SECONDS).atZone(ZoneId.systemDefault()));
    }
}
