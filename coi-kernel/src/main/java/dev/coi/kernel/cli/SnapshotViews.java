package dev.coi.kernel.cli;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.snapshots.SessionCopy;
import dev.coi.kernel.snapshots.Snapshot;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How {@code coi snapshot} shows snapshots: the reference tool's JSON and table, and its confirmation. */
final class SnapshotViews {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private SnapshotViews() {
    }

    /** {@code {"container":"C","snapshots":[…]}} */
    static Map<String, Object> listJson(String container, List<Snapshot> snapshots) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("container", container);
        json.put("snapshots", snapshots.stream().map(SnapshotViews::json).toList());
        return json;
    }

    /** {@code {"<container>":[…]}} */
    static Map<String, Object> allJson(Map<String, List<Snapshot>> all) {
        Map<String, Object> json = new LinkedHashMap<>();
        all.forEach((container, snapshots) -> json.put(container, snapshots.stream().map(SnapshotViews::json).toList()));
        return json;
    }

    /** {@code {"container":"C","snapshot":{…}}} */
    static Map<String, Object> infoJson(String container, Snapshot snapshot) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("container", container);
        json.put("snapshot", json(snapshot));
        return json;
    }

    /**
     * The reference tool's fields ({@code expires_at} and {@code description} only when set), and coi's
     * {@code session} when a copy of the saved session was taken with it.
     */
    static Map<String, Object> json(Snapshot snapshot) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", snapshot.name());
        json.put("created_at", snapshot.createdAt().toString());
        snapshot.expiresAt().ifPresent(when -> json.put("expires_at", when.toString()));
        json.put("stateful", snapshot.stateful());
        snapshot.description().ifPresent(text -> json.put("description", text));
        snapshot.sessionCopy().ifPresent(copy -> {
            Map<String, Object> session = new LinkedHashMap<>();
            session.put("id", copy.sessionId());
            session.put("tool", copy.tool());
            session.put("path", copy.directory().toString());
            json.put("session", session);
        });
        return json;
    }

    /** {@code Snapshots for C:}, the table, {@code Total: N snapshot(s)}. */
    static List<String> table(String container, List<Snapshot> snapshots) {
        Table table = new Table("NAME", "CREATED", "STATEFUL");
        snapshots.forEach(snapshot -> table.row(snapshot.name(), local(snapshot.createdAt()),
                snapshot.stateful() ? "yes" : "no"));
        List<String> lines = new ArrayList<>();
        lines.add("Snapshots for " + container + ":");
        lines.addAll(table.lines());
        lines.add("Total: " + snapshots.size() + " snapshot(s)");
        return lines;
    }

    static List<String> details(String container, Snapshot snapshot) {
        List<String> lines = new ArrayList<>();
        lines.add("Snapshot:       " + snapshot.name());
        lines.add("Container:      " + container);
        lines.add("Created:        " + local(snapshot.createdAt()));
        lines.add("Expires:        " + snapshot.expiresAt().map(SnapshotViews::local).orElse("never"));
        lines.add("Stateful:       " + (snapshot.stateful() ? "yes" : "no"));
        snapshot.description().ifPresent(text -> lines.add("Description:    " + text));
        lines.add("Saved session:  " + snapshot.sessionCopy().map(SnapshotViews::describe)
                .orElse("none (the container's own files only)"));
        return lines;
    }

    private static String describe(SessionCopy copy) {
        return copy.sessionId() + " (" + copy.tool() + "), copy in " + copy.directory();
    }

    /**
     * Asks before something that cannot be undone, unless forced. Without a terminal nobody can answer, so it
     * refuses with the fix instead of taking silence for no.
     */
    static boolean confirmed(CommandContext context, boolean force, String warning, String command) {
        if (force) {
            return true;
        }
        if (!context.terminal()) {
            throw CoiException.failure("'coi snapshot " + command + "' asks for confirmation, and there is no"
                    + " terminal to ask on; add -f (--force) to go ahead without asking");
        }
        context.output().info(warning);
        return new Confirmation(context.input(), context.output()).ask("Continue?");
    }

    private static String local(Instant when) {
        return LOCAL.format(when.atZone(ZoneId.systemDefault()));
    }
}
