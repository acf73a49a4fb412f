package dev.coi.kernel.watch;

import dev.coi.api.Progress;
import dev.coi.api.ThreatLevel;
import dev.coi.api.WatchEvent;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.sessions.SessionContainer;
import dev.coi.kernel.sessions.SessionFinisher;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * What coi does about a {@link WatchEvent}, by its level: recorded in the audit log always; from warning on told in
 * the keeper's log and, up to high, in the session's status line (a critical event does not wait for that); high:
 * the container frozen; critical: the container killed, a stopped copy of it kept without network or host folders
 * (at most {@link #COPIES} per container, the oldest go), and its session ended, saved.
 */
final class WatchResponses {

    /** How many copies of one container are kept for inspection. */
    static final int COPIES = 3;
    static final String COPY_INFIX = "-forensic-";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final Duration END_TIMEOUT = Duration.ofSeconds(10);
    private static final int SHOWN_LENGTH = 160;
    /** How long a freeze waits for its alert to be shown. */
    private static final Duration ALERT_WAIT = Duration.ofSeconds(1);

    private final IncusClient incus;
    private final Supplier<SessionFinisher> finisher;
    private final AuditLog audit;
    private final SessionAlert alert;
    /**
     * Alerts are shown by a thread of their own: a command in the container, which the agent may make hang, never
     * holds up the keeper's looks and responses.
     */
    private final ExecutorService alerts = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "session alerts");
        thread.setDaemon(true);
        return thread;
    });
    private final Progress log;
    private final Clock clock;

    WatchResponses(IncusClient incus, Supplier<SessionFinisher> finisher, AuditLog audit, SessionAlert alert,
            Progress log, Clock clock) {
        this.incus = incus;
        this.finisher = finisher;
        this.audit = audit;
        this.alert = alert;
        this.log = log;
        this.clock = clock;
    }

    void respond(String container, String sessionId, WatchEvent event) {
        Instant now = clock.instant();
        String level = event.level().name().toLowerCase(Locale.ROOT);
        if (event.level() == ThreatLevel.WARNING || event.level() == ThreatLevel.HIGH) {
            String shown = event.message().length() <= SHOWN_LENGTH ? event.message()
                    : event.message().substring(0, SHOWN_LENGTH) + "...";
            Future<?> told = alerts.submit(() -> alert.show(container, "coi monitor: " + level + " ["
                    + event.detector() + "] " + shown + (event.level() == ThreatLevel.HIGH
                    ? "; frozen: 'coi container unfreeze " + container + "' lets it go on" : ""),
                    "coi monitor: " + level + " " + event.detector()));
            if (event.level() == ThreatLevel.HIGH) {
                // shown before the freeze, which stops tmux too; but the agent owns its tmux and may make it hang
                awaitQuietly(told);
            }
        }
        String response = switch (event.level()) {
            case INFO, WARNING -> "";
            case HIGH -> freeze(container);
            case CRITICAL -> stopKeepingACopy(container, now);
        };
        try {
            audit.append(now, container, sessionId, event, response);
        } catch (IOException e) {
            log.warn(now + " " + container + ": cannot write the audit log " + audit.file(container) + ": "
                    + e.getMessage());
        }
        String line = now + " " + container + ": " + level + " ["
                + event.detector() + "] " + event.message() + (response.isEmpty() ? "" : "; " + response);
        switch (event.level()) {
            case INFO -> log.info(line);
            default -> log.warn(line);
        }
    }

    private static void awaitQuietly(Future<?> told) {
        try {
            told.get(ALERT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // not shown in time: the freeze does not wait
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String freeze(String container) {
        try {
            incus.freeze(container);
            return "frozen: 'coi container unfreeze " + container + "' lets it go on";
        } catch (IncusException e) {
            return "could not freeze it: " + e.getMessage();
        }
    }

    private String stopKeepingACopy(String container, Instant now) {
        try {
            incus.stop(container, Duration.ZERO, true);
        } catch (IncusException e) {
            return "could not stop it: " + e.getMessage();
        }
        String copy = container + COPY_INFIX + STAMP.format(now);
        String kept;
        try {
            incus.copyIsolated(container, copy);
            kept = "stopped; a copy without network or host folders is kept as " + copy;
            dropOldCopies(container);
        } catch (IncusException e) {
            kept = "stopped; no copy could be made (" + e.getMessage() + ")";
        }
        try {
            incus.instance(container).filter(Instance::isStopped)
                    .ifPresent(stopped -> finisher.get().end(SessionContainer.of(stopped), END_TIMEOUT));
        } catch (RuntimeException e) {
            return kept + "; the session could not be ended: " + e.getMessage();
        }
        return kept + "; the session was saved";
    }

    private void dropOldCopies(String container) {
        List<String> copies = incus.instances().stream().map(Instance::name)
                .filter(name -> name.startsWith(container + COPY_INFIX))
                .sorted(Comparator.reverseOrder())
                .toList();
        for (String old : copies.subList(Math.min(COPIES, copies.size()), copies.size())) {
            try {
                incus.delete(old);
            } catch (IncusException e) {
                log.warn(clock.instant() + " cannot remove the old copy " + old + ": " + e.getMessage());
            }
        }
    }
}
