package dev.coi.kernel.sessions;

import static dev.coi.kernel.sessions.SessionTestBed.assertExit;
import static dev.coi.kernel.sessions.SessionTestBed.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coi.kernel.cli.CoiTerminal;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.network.Keepers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code limits.runtime.max_duration} after coi has exited: the background keeper stops the container at the
 * deadline, saves the session (and deletes an ephemeral container), then ends itself.
 */
class SessionDeadlineIT {

    /** The keeper looks every 2 s; a graceful stop may take 10 s, and saving a few more. */
    private static final Duration AFTER_DEADLINE = Duration.ofSeconds(60);
    private static final Duration KEEPER_END = Duration.ofSeconds(30);

    @TempDir
    Path root;

    private SessionTestBed bed;

    @BeforeEach
    void setUp() {
        bed = new SessionTestBed(root);
    }

    @AfterEach
    void tearDown() {
        bed.close();
    }

    @Test
    void theKeeperEndsABackgroundSessionAtItsDeadlineWithoutCoiAlsoInOpenNetworkMode() throws IOException {
        CoiTerminal start = bed.run(bed.shellArgs("--background", "--network=open", "--limit-duration=20s"));
        assertExit(0, start);
        assertTrue(start.history().contains("Limits: duration 20s"), start::history);
        String container = bed.containerName(1);
        Instance running = bed.container(1).orElseThrow(() -> new AssertionError("no container\n" + start.history()));
        String sessionId = running.config().get(SessionLabels.SESSION_ID);
        Path record = bed.home.resolve(".coi/deadlines/" + container + ".json");
        JsonNode deadlineRecord = new ObjectMapper().readTree(record.toFile());
        Instant deadline = Instant.parse(deadlineRecord.get("deadline").asText());
        assertEquals(sessionId, deadlineRecord.get("session_id").asText());
        assertFalse(Keepers.of(bed.home).isEmpty(), "a deadline needs the keeper, also without network rules");

        await(Duration.between(Instant.now(), deadline).plus(AFTER_DEADLINE),
                () -> bed.container(1).isEmpty(), () -> "container " + container + " still there: "
                        + bed.container(1).map(Instance::status).orElse("gone") + "\n" + bed.keeperLog());
        Instant gone = Instant.now();
        assertTrue(gone.isAfter(deadline), "not stopped before its deadline " + deadline + ": " + gone);
        System.out.println("[deadline] container gone " + Duration.between(deadline, gone).toMillis()
                + " ms after its deadline");

        assertTrue(Files.exists(bed.sessionDirectory(sessionId).resolve(".claude")), bed::keeperLog);
        assertEquals(container, SessionTestBed.field(bed.metadata(sessionId), "container_name"));
        assertFalse(Files.exists(record), "the deadline is done with");
        await(KEEPER_END, () -> Keepers.of(bed.home).isEmpty(),
                () -> "the keeper still runs\n" + bed.keeperLog());
        String log = bed.keeperLog();
        assertTrue(log.contains(container + ": max_duration 20s reached"), log);
        log.lines().filter(line -> line.contains("after its deadline")).forEach(line -> System.out.println("[deadline] "
                + line));
        assertTrue(log.contains("keeper done"), log);
    }

    @Test
    void whenTheDeadlineStopsASessionInFrontOfCoiTheSessionIsSavedOnceAndCoiEnds() throws IOException {
        Path config = bed.home.resolve(".config/coi/config.toml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, """
                [limits.runtime]
                max_duration = "15s"
                stop_graceful = false
                """);
        CoiTerminal terminal = bed.shell("--network=open");
        String id = SessionTestBed.awaitReady(terminal);
        String container = bed.containerName(1);
        terminal.type("before the deadline");
        SessionTestBed.turn(terminal, "before the deadline", 1);

        assertEquals(0, terminal.awaitExit(Duration.ofSeconds(15).plus(AFTER_DEADLINE)),
                () -> terminal.history() + "\n" + bed.keeperLog());
        bed.awaitGone(container, SessionTestBed.END);
        assertEquals(1, bed.savedTurns(id).size(), () -> terminal.history() + "\n" + bed.keeperLog());
        String both = terminal.history() + bed.keeperLog();
        assertFalse(both.contains("cannot"), both);
        assertTrue(bed.keeperLog().contains(container + ": max_duration 15s reached"), bed::keeperLog);
        await(KEEPER_END, () -> Keepers.of(bed.home).isEmpty(),
                () -> "the keeper still runs\n" + bed.keeperLog());
    }

    @Test
    void aPersistentSessionIsStoppedAndSavedAtItsDeadlineAndKept() {
        CoiTerminal start = bed.run(bed.shellArgs("--background", "--persistent", "--limit-duration=15s"));
        assertExit(0, start);
        String container = bed.containerName(1);
        String sessionId = bed.container(1).orElseThrow(() -> new AssertionError(start.history())).config()
                .get(SessionLabels.SESSION_ID);
        // its metadata.json is written at the start (as the reference's), its state when it ends
        assertFalse(Files.exists(bed.sessionDirectory(sessionId).resolve(".claude")), "not saved before the end");

        await(Duration.ofSeconds(15).plus(AFTER_DEADLINE), () -> bed.container(1).map(Instance::isStopped)
                .orElse(true), () -> "still running\n" + bed.keeperLog());
        await(Duration.ofSeconds(30), () -> Files.exists(bed.sessionDirectory(sessionId).resolve(".claude")),
                bed::keeperLog);

        assertTrue(bed.container(1).isPresent(), "a persistent container is kept");
        assertEquals("true", SessionTestBed.field(bed.metadata(sessionId), "persistent"));
        await(KEEPER_END, () -> Keepers.of(bed.home).isEmpty(),
                () -> "the keeper still runs\n" + bed.keeperLog());
        assertTrue(bed.keeperLog().contains(container + ": stopped"), bed::keeperLog);
    }
}
