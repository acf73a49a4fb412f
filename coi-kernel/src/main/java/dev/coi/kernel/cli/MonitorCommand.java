package dev.coi.kernel.cli;

import dev.coi.kernel.base.Bytes;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.watch.AlertWebhook;
import dev.coi.kernel.watch.AuditEvents;
import dev.coi.kernel.watch.SessionGauges;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "monitor", description = {"Watch monitored sessions and what the monitor found.",
    "On a terminal: a live view of each watched session's container (CPU, memory, disk read and written, connections,"
        + " processes, events) and the latest events, redrawn every 2 seconds until Ctrl-C. Elsewhere: the same once.",
    "Every event of a watched session is in its audit log, ~/.coi/audit/<container>.jsonl: what was found, how bad"
        + " (info, warning, high, critical) and what coi did (high: froze the container; critical: stopped it and"
        + " kept a copy without network or host folders). --follow: the events as they come (json: the log's lines,"
        + " one JSON object each). --webhook: each new event posted as JSON to a URL."})
final class MonitorCommand extends KernelCommand {

    private static final Duration FOLLOW_EVERY = Duration.ofSeconds(1);
    private static final Duration REDRAW_EVERY = Duration.ofSeconds(2);
    /** Between the two reads of a one-time view, for its CPU share. */
    private static final Duration CPU_SAMPLE = Duration.ofMillis(500);
    private static final int RECENT = 10;
    private static final String CLEAR = "\033[H\033[2J";
    private static final List<String> LEVELS = List.of("info", "warning", "high", "critical");

    @Parameters(index = "0", arity = "0..1", paramLabel = "CONTAINER",
            completionCandidates = Candidates.ContainerNames.class,
            description = "Only this container (default: every watched container).")
    private String container;
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            completionCandidates = Candidates.TextOrJson.class, description = "text (default) or json (the events).")
    private String format;
    @Option(names = {"-f", "--follow"}, description = "Show the events as they come, until Ctrl-C.")
    private boolean follow;
    @Option(names = "--webhook", paramLabel = "URL", description = "Post each new event (JSON) to https://..., to a"
            + " unix socket (unix:/path/to.sock) or to http://127.0.0.1:PORT/...; implies --follow.")
    private String webhook;

    @Override
    public Integer call() throws Exception {
        Formats.TextOrJson chosen = Formats.textOrJson(format);
        Optional<AlertWebhook> alerts = Optional.ofNullable(webhook).map(AlertWebhook::parse);
        AuditEvents events = context.sessions().auditEvents();
        AuditEvents.Position position = new AuditEvents.Position();
        Optional<String> only = Optional.ofNullable(container);
        List<AuditEvents.Event> first = events.since(only, position);
        if (alerts.isPresent()) {
            context.output().info("Posting each new event to " + alerts.get() + " (Ctrl-C to stop)");
            follow(events, position, chosen, alerts);
        } else if (follow) {
            show(first, chosen, true);
            follow(events, position, chosen, Optional.empty());
        } else if (chosen == Formats.TextOrJson.JSON) {
            show(first, chosen, true);
        } else if (Terminal.outputIsTerminal(context.kernel().environment().variables())) {
            live(events, position, first, only);
        } else {
            once(first, only);
        }
        return ExitCodes.OK;
    }

    private void follow(AuditEvents events, AuditEvents.Position position, Formats.TextOrJson chosen,
            Optional<AlertWebhook> alerts) throws IOException, InterruptedException {
        boolean header = chosen == Formats.TextOrJson.TEXT;
        while (true) {
            Thread.sleep(FOLLOW_EVERY.toMillis());
            List<AuditEvents.Event> more = events.since(Optional.ofNullable(container), position);
            if (more.isEmpty()) {
                continue;
            }
            show(more, chosen, header);
            header = false;
            for (AuditEvents.Event event : more) {
                if (alerts.isPresent()) {
                    post(alerts.get(), event);
                }
            }
        }
    }

    private void post(AlertWebhook alerts, AuditEvents.Event event) {
        try {
            alerts.post(event.line().toString());
        } catch (IOException e) {
            context.output().warn("could not post the " + event.level() + " event of " + event.container() + " to "
                    + alerts + ": " + e.getMessage() + "; it stays in the audit log");
        }
    }

    private void show(List<AuditEvents.Event> events, Formats.TextOrJson chosen, boolean header) {
        if (chosen == Formats.TextOrJson.JSON) {
            events.forEach(event -> context.output().data(event.line().toString()));
        } else if (!events.isEmpty()) {
            List<String> lines = eventTable(events);
            (header ? lines : lines.subList(1, lines.size())).forEach(context.output()::data);
        }
    }

    /** Redraws the view until the user leaves it with Ctrl-C. */
    private void live(AuditEvents events, AuditEvents.Position position, List<AuditEvents.Event> first,
            Optional<String> only) throws Exception {
        SessionGauges gauges = context.sessions().sessionGauges();
        Deque<AuditEvents.Event> recent = new ArrayDeque<>(first);
        Map<String, int[]> counts = new TreeMap<>();
        first.forEach(event -> count(counts, event));
        while (true) {
            for (AuditEvents.Event event : events.since(only, position)) {
                recent.addLast(event);
                count(counts, event);
            }
            while (recent.size() > RECENT) {
                recent.removeFirst();
            }
            StringBuilder frame = new StringBuilder(CLEAR).append("coi monitor: ")
                    .append(only.orElse("every watched session")).append(", redrawn every ")
                    .append(REDRAW_EVERY.toSeconds()).append(" s (Ctrl-C to leave)\n\n");
            gaugeTable(gauges.read(only), counts).forEach(line -> frame.append(line).append('\n'));
            frame.append('\n').append(recent.isEmpty() ? "No events yet\n" : "Latest events:\n");
            if (!recent.isEmpty()) {
                eventTable(List.copyOf(recent)).forEach(line -> frame.append(line).append('\n'));
            }
            context.output().raw(frame.toString());
            Thread.sleep(REDRAW_EVERY.toMillis());
        }
    }

    private void once(List<AuditEvents.Event> events, Optional<String> only) throws Exception {
        SessionGauges gauges = context.sessions().sessionGauges();
        if (!gauges.read(only).isEmpty()) {
            Thread.sleep(CPU_SAMPLE.toMillis());
            Map<String, int[]> counts = new TreeMap<>();
            events.forEach(event -> count(counts, event));
            gaugeTable(gauges.read(only), counts).forEach(context.output()::data);
            if (!events.isEmpty()) {
                context.output().data("");
            }
        }
        if (events.isEmpty()) {
            context.output().info("No monitor events" + (container == null ? "" : " for " + container)
                    + ": sessions started with --monitor (or [monitoring] enabled = true) record them");
        } else {
            eventTable(events).forEach(context.output()::data);
        }
    }

    /**
     * How many events each session had, by level: a container's log also holds the events of the sessions it ran
     * before.
     */
    private static void count(Map<String, int[]> counts, AuditEvents.Event event) {
        int level = LEVELS.indexOf(event.level());
        if (level >= 0) {
            counts.computeIfAbsent(event.session(), session -> new int[LEVELS.size()])[level]++;
        }
    }

    private static List<String> gaugeTable(List<SessionGauges.Gauge> gauges, Map<String, int[]> counts) {
        Table table = new Table("CONTAINER", "STATE", "CPU", "MEMORY", "DISK READ", "DISK WRITTEN", "CONNECTIONS",
                "PROCESSES", "EVENTS");
        if (gauges.isEmpty()) {
            return List.of("No watched session runs: 'coi shell --monitor' starts one");
        }
        for (SessionGauges.Gauge gauge : gauges) {
            table.row(gauge.container(), gauge.state(),
                    gauge.cpuPercent() < 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", gauge.cpuPercent()),
                    bytes(gauge.memoryBytes()), bytes(gauge.readBytes()), bytes(gauge.writtenBytes()),
                    gauge.connections() < 0 ? "-" : Integer.toString(gauge.connections()),
                    gauge.processes() < 0 ? "-" : Integer.toString(gauge.processes()),
                    events(counts.get(gauge.sessionId())));
        }
        return table.lines();
    }

    /** E.g. "3 (1 high)": how many, and how many of the worst level. */
    private static String events(int[] counts) {
        if (counts == null) {
            return "0";
        }
        int total = 0;
        for (int count : counts) {
            total += count;
        }
        for (int level = LEVELS.size() - 1; level > 0; level--) {
            if (counts[level] > 0) {
                return total + " (" + counts[level] + " " + LEVELS.get(level) + ")";
            }
        }
        return Integer.toString(total);
    }

    private static String bytes(long bytes) {
        return bytes < 0 ? "-" : Bytes.human(bytes);
    }

    private static List<String> eventTable(List<AuditEvents.Event> events) {
        Table table = new Table("TIME", "CONTAINER", "LEVEL", "DETECTOR", "WHAT", "RESPONSE");
        for (AuditEvents.Event event : events) {
            table.row(event.time(), event.container(), event.level().toUpperCase(Locale.ROOT),
                    event.detector(), event.message(), event.response().isEmpty() ? "-" : event.response());
        }
        return table.lines();
    }
}
