package dev.coi.kernel.cli;

import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.watch.AuditEvents;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "monitor", description = {"Show what the monitor found in sessions started with --monitor.",
    "Every event of a watched session is in its audit log, ~/.coi/audit/<container>.jsonl: what was found, how bad"
        + " (info, warning, high, critical) and what coi did (high: froze the container; critical: stopped it and"
        + " kept a copy without network or host folders). Text: a table; json: the log's lines, one JSON object"
        + " each, as a stream with --follow."})
final class MonitorCommand extends KernelCommand {

    private static final Duration FOLLOW_EVERY = Duration.ofSeconds(1);

    @Parameters(index = "0", arity = "0..1", paramLabel = "CONTAINER",
            completionCandidates = Candidates.ContainerNames.class,
            description = "Only this container's events (default: every container's).")
    private String container;
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            completionCandidates = Candidates.TextOrJson.class, description = "text (default) or json.")
    private String format;
    @Option(names = {"-f", "--follow"}, description = "Keep showing new events as they come, until Ctrl-C.")
    private boolean follow;

    @Override
    public Integer call() throws Exception {
        Formats.TextOrJson chosen = Formats.textOrJson(format);
        AuditEvents events = context.sessions().auditEvents();
        AuditEvents.Position position = new AuditEvents.Position();
        List<AuditEvents.Event> first = events.since(Optional.ofNullable(container), position);
        if (chosen == Formats.TextOrJson.JSON) {
            first.forEach(event -> context.output().data(event.line().toString()));
        } else if (first.isEmpty() && !follow) {
            context.output().info("No monitor events" + (container == null ? "" : " for " + container)
                    + ": sessions started with --monitor (or [monitoring] enabled = true) record them");
        } else {
            table(first, true);
        }
        while (follow) {
            Thread.sleep(FOLLOW_EVERY.toMillis());
            List<AuditEvents.Event> more = events.since(Optional.ofNullable(container), position);
            if (chosen == Formats.TextOrJson.JSON) {
                more.forEach(event -> context.output().data(event.line().toString()));
            } else if (!more.isEmpty()) {
                table(more, false);
            }
        }
        return ExitCodes.OK;
    }

    private void table(List<AuditEvents.Event> events, boolean header) {
        Table table = new Table("TIME", "CONTAINER", "LEVEL", "DETECTOR", "WHAT", "RESPONSE");
        for (AuditEvents.Event event : events) {
            table.row(event.time(), event.container(), event.level().toUpperCase(Locale.ROOT),
                    event.detector(), event.message(), event.response().isEmpty() ? "-" : event.response());
        }
        List<String> lines = table.lines();
        (header ? lines : lines.subList(1, lines.size())).forEach(context.output()::data);
    }
}
