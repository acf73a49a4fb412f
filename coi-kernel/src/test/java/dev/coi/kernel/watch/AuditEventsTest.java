package dev.coi.kernel.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.ThreatLevel;
import dev.coi.api.WatchEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log as written by the keeper and read by {@code coi monitor}, followed and rotated. */
class AuditEventsTest {

    @TempDir
    Path coiHome;

    @Test
    void eventsAreReadOnceEachAcrossContainersOldestFirst() throws Exception {
        AuditLog log = new AuditLog(coiHome);
        AuditEvents events = new AuditEvents(coiHome);
        AuditEvents.Position position = new AuditEvents.Position();
        log.append(Instant.parse("2026-12-06T10:00:02Z"), "c1", "s1", event(ThreatLevel.CRITICAL), "stopped");
        log.append(Instant.parse("2026-12-06T10:00:01Z"), "c2", "s2", event(ThreatLevel.HIGH), "frozen");

        List<AuditEvents.Event> first = events.since(Optional.empty(), position);
        log.append(Instant.parse("2026-12-06T10:00:03Z"), "c2", "s2", event(ThreatLevel.WARNING), "");
        List<AuditEvents.Event> then = events.since(Optional.empty(), position);

        assertEquals(List.of("c2", "c1"), first.stream().map(AuditEvents.Event::container).toList());
        assertEquals("critical", first.get(1).level());
        assertEquals("stopped", first.get(1).response());
        assertEquals("bash -i", first.get(1).line().path("details").path("command").asText());
        assertEquals(List.of("warning"), then.stream().map(AuditEvents.Event::level).toList());
        assertEquals(1, events.since(Optional.of("c1"), new AuditEvents.Position()).size());
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(log.file("c1"))));
    }

    @Test
    void aFullLogIsKeptAsTheOldOneAndANewOneBegun() throws Exception {
        AuditLog log = new AuditLog(coiHome);
        Files.createDirectories(log.folder());
        Files.write(log.file("c1"), new byte[(int) AuditLog.ROTATE_AT]);

        log.append(Instant.parse("2026-12-06T10:00:00Z"), "c1", "s1", event(ThreatLevel.INFO), "");

        assertEquals(AuditLog.ROTATE_AT, Files.size(log.folder().resolve("c1.jsonl.1")));
        assertTrue(Files.readString(log.file("c1")).startsWith("{\"time\":\"2026-12-06T10:00:00Z\""));
    }

    private static WatchEvent event(ThreatLevel level) {
        return new WatchEvent("reverse-shell", level, "a reverse shell: bash -i", Map.of("command", "bash -i"));
    }
}
