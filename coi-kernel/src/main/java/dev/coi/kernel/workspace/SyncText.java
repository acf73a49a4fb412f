package dev.coi.kernel.workspace;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coi.kernel.workspace.SyncReport.Action;
import dev.coi.kernel.workspace.SyncReport.Change;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A {@link SyncReport} as people and scripts read it. */
public final class SyncText {

    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /**
     * One line of the text.
     *
     * @param text the line
     * @param warning whether it needs the user's attention (a conflict, something not brought back)
     */
    public record Line(String text, boolean warning) {
    }

    private SyncText() {
    }

    /** A line per change, then a summary. */
    public static List<Line> lines(SyncReport report, String container) {
        List<Line> lines = new ArrayList<>();
        for (Change change : report.changes()) {
            boolean warning = change.action() == Action.CONFLICT || change.action() == Action.NOT_BROUGHT_BACK;
            lines.add(new Line(String.format("%-20s %s%s", change.action().label(), change.path(),
                    change.detail().isEmpty() ? "" : ": " + change.detail()), warning));
        }
        lines.add(new Line(summary(report, container), report.hasConflicts()));
        return lines;
    }

    public static String summary(SyncReport report, String container) {
        String counts = String.format("%d to host, %d to container, %d deleted on host (moved to the trash folder),"
                        + " %d deleted in container, %d conflicts, %d not brought back",
                report.count(Action.TO_HOST), report.count(Action.TO_CONTAINER), report.count(Action.DELETED_ON_HOST),
                report.count(Action.DELETED_IN_CONTAINER), report.count(Action.CONFLICT),
                report.count(Action.NOT_BROUGHT_BACK));
        String head = (report.dryRun() ? "Sync of " + container + " would do: " : "Synced " + container + ": ")
                + counts;
        return report.hasConflicts() ? head + ". Conflicts: the host's files are untouched; the container's"
                + " versions are kept where each line says" : head;
    }

    public static String json(SyncReport report, String container) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("container", container);
        root.put("dry_run", report.dryRun());
        root.put("conflicts", report.count(Action.CONFLICT));
        ArrayNode changes = root.putArray("changes");
        for (Change change : report.changes()) {
            ObjectNode node = changes.addObject();
            node.put("path", change.path());
            node.put("action", change.action().name().toLowerCase(Locale.ROOT));
            node.put("detail", change.detail());
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
