package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.snapshots.SessionCopy;
import dev.coi.kernel.snapshots.Snapshot;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The reference tool's JSON and table for snapshots, and the confirmation that refuses without a terminal. */
class SnapshotViewsTest {

    private static final Instant TAKEN = Instant.parse("2026-11-27T06:02:57.555171608Z");
    private static final Snapshot PLAIN = new Snapshot("checkpoint-1", TAKEN, Optional.empty(), false, Optional.empty(),
            Optional.empty());
    private static final Snapshot FULL = new Snapshot("live", TAKEN.plusSeconds(60),
            Optional.of(Instant.parse("2026-12-01T00:00:00Z")), true, Optional.of("before the refactoring"),
            Optional.of(new SessionCopy(Path.of("/h/.coi/snapshots/c/live"), "c", "live", TAKEN.plusSeconds(60), "id-1",
                    "claude", ".claude", OffsetDateTime.parse("2026-11-27T07:03:57+01:00"))));

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Output output = new Output(new PrintWriter(out), new PrintWriter(err), false, false);

    @Test
    void listJsonHasTheReferenceShapeWithOptionalFieldsOnlyWhenSet() {
        output.json(SnapshotViews.listJson("coi-abc-1", List.of(PLAIN, FULL)));

        assertEquals("""
                {
                  "container" : "coi-abc-1",
                  "snapshots" : [ {
                    "name" : "checkpoint-1",
                    "created_at" : "2026-11-27T06:02:57.555171608Z",
                    "stateful" : false
                  }, {
                    "name" : "live",
                    "created_at" : "2026-11-27T06:03:57.555171608Z",
                    "expires_at" : "2026-12-01T00:00:00Z",
                    "stateful" : true,
                    "description" : "before the refactoring",
                    "session" : {
                      "id" : "id-1",
                      "tool" : "claude",
                      "path" : "/h/.coi/snapshots/c/live"
                    }
                  } ]
                }
                """.replace(" : ", ": "), out.toString());
    }

    @Test
    void allJsonIsKeyedByContainerAndInfoJsonWrapsOneSnapshot() {
        Map<String, List<Snapshot>> all = new LinkedHashMap<>();
        all.put("coi-abc-1", List.of(PLAIN));
        all.put("coi-abc-2", List.of());
        assertEquals(Map.of("coi-abc-1", List.of(SnapshotViews.json(PLAIN)), "coi-abc-2", List.of()),
                SnapshotViews.allJson(all));
        assertEquals(List.of("container", "snapshot"), List.copyOf(SnapshotViews.infoJson("c", PLAIN).keySet()));
        assertEquals(SnapshotViews.json(PLAIN), SnapshotViews.infoJson("c", PLAIN).get("snapshot"));
    }

    @Test
    void theTableShowsLocalTimesAndATotal() {
        DateTimeFormatter local = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
        String first = local.format(TAKEN.atZone(ZoneId.systemDefault()));
        String second = local.format(TAKEN.plusSeconds(60).atZone(ZoneId.systemDefault()));

        assertEquals(List.of(
                "Snapshots for coi-abc-1:",
                "NAME          CREATED              STATEFUL",
                "checkpoint-1  " + first + "  no",
                "live          " + second + "  yes",
                "Total: 2 snapshot(s)"), SnapshotViews.table("coi-abc-1", List.of(PLAIN, FULL)));
        assertEquals(List.of("Snapshots for c:", "NAME  CREATED  STATEFUL", "Total: 0 snapshot(s)"),
                SnapshotViews.table("c", List.of()));
    }

    @Test
    void detailsSayWhetherASessionCopyWasTaken() {
        assertTrue(SnapshotViews.details("c", PLAIN).contains("Saved session:  none (the container's own files only)"));
        assertTrue(SnapshotViews.details("c", FULL).contains("Saved session:  id-1 (claude), copy in /h/.coi/snapshots/c/live"));
        assertTrue(SnapshotViews.details("c", PLAIN).contains("Expires:        never"));
    }

    private CommandContext context(String answers, boolean terminal) {
        return new CommandContext(null, output, new BufferedReader(new StringReader(answers)), terminal);
    }

    @Test
    void withoutATerminalAndWithoutForceItRefusesWithTheFix() {
        CoiException error = assertThrows(CoiException.class,
                () -> SnapshotViews.confirmed(context("y\n", false), false, "WARNING: This will restore x", "restore"));
        assertEquals(ExitCodes.FAILURE, error.exitCode());
        assertEquals("'coi snapshot restore' asks for confirmation, and there is no terminal to ask on; add -f"
                + " (--force) to go ahead without asking", error.getMessage());
        assertEquals("", err.toString());
    }

    @Test
    void forceAsksNothing() {
        assertTrue(SnapshotViews.confirmed(context("", false), true, "WARNING: This will restore x", "restore"));
        assertEquals("", err.toString());
    }

    @Test
    void onATerminalItWarnsAndAsks() {
        assertTrue(SnapshotViews.confirmed(context("y\n", true), false, "WARNING: This will restore x", "restore"));
        assertEquals("WARNING: This will restore x\nContinue? [y/N]: ", err.toString());
        assertFalse(SnapshotViews.confirmed(context("\n", true), false, "WARNING: This will restore x", "restore"));
    }
}
