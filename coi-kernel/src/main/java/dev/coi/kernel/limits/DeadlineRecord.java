package dev.coi.kernel.limits;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * When a session must end ({@code limits.runtime.max_duration} after its start) and how, kept on the host so that
 * the keeper ends it also when no coi runs any more.
 *
 * @param container the container
 * @param sessionId the session the deadline is for; another session in a container of that name is not this one
 * @param startedAt when the session started (ISO-8601)
 * @param deadline when it must end (ISO-8601)
 * @param maxDuration the duration as configured, e.g. {@code 2h}, for the log
 * @param autoStop whether the container is stopped at the deadline (else only a warning is logged)
 * @param stopGraceful whether it is stopped gracefully first (else forced at once)
 * @param warned whether the warning of a session that is not stopped was logged already
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record DeadlineRecord(
        String container,
        @JsonProperty("session_id") String sessionId,
        @JsonProperty("started_at") String startedAt,
        String deadline,
        @JsonProperty("max_duration") String maxDuration,
        @JsonProperty("auto_stop") boolean autoStop,
        @JsonProperty("stop_graceful") boolean stopGraceful,
        boolean warned) {

    Instant due() {
        return Instant.parse(deadline);
    }

    DeadlineRecord warnedOnce() {
        return new DeadlineRecord(container, sessionId, startedAt, deadline, maxDuration, autoStop, stopGraceful, true);
    }
}
