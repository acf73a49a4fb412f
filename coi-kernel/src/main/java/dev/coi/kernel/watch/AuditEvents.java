package dev.coi.kernel.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads the {@link AuditLog}: the events of one container or of all, oldest first, and those written since a
 * last read, for {@code coi monitor --follow}.
 */
public final class AuditEvents {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private final AuditLog log;

    public AuditEvents(Path coiHome) {
        this.log = new AuditLog(coiHome);
    }

    /**
     * One event as its line in the log holds it.
     *
     * @param time when, ISO-8601
     * @param session the id of the session it happened in
     * @param line the whole line, for JSON output as written
     */
    public record Event(String time, String container, String session, String level, String detector,
            String message, String response, JsonNode line) {
    }

    /** Where the reading of each log stands, so that a later read gives only what was added. */
    public static final class Position {
        private final Map<Path, Long> read = new HashMap<>();
    }

    /**
     * The events of a container, or of every container, written since the position (all for a new one).
     *
     * @param container the container, or empty for all
     */
    public List<Event> since(Optional<String> container, Position position) throws IOException {
        List<Event> events = new ArrayList<>();
        for (Path file : files(container)) {
            long from = position.read.getOrDefault(file, 0L);
            byte[] all = Files.readAllBytes(file);
            if (all.length < from) {
                from = 0;
            }
            int end = lastNewline(all);
            if (end < from) {
                continue;
            }
            String text = new String(all, (int) from, end - (int) from, StandardCharsets.UTF_8);
            for (String line : text.lines().filter(line -> !line.isBlank()).toList()) {
                parse(line).ifPresent(events::add);
            }
            position.read.put(file, (long) end);
        }
        events.sort(Comparator.comparing(Event::time));
        return events;
    }

    private List<Path> files(Optional<String> container) throws IOException {
        if (container.isPresent()) {
            Path file = log.file(container.get());
            return Files.isRegularFile(file) ? List.of(file) : List.of();
        }
        if (!Files.isDirectory(log.folder())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(log.folder())) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
    }

    /** Up to the end of the last whole line: a line being written is read at the next look. */
    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    private static Optional<Event> parse(String line) {
        try {
            JsonNode node = MAPPER.readTree(line);
            return Optional.of(new Event(node.path("time").asText(), node.path("container").asText(),
                    node.path("session").asText(),
                    node.path("level").asText(), node.path("detector").asText(), node.path("message").asText(),
                    node.path("response").asText(), node));
        } catch (IOException e) {
            // a damaged line is skipped; the others are still worth showing
            return Optional.empty();
        }
    }
}
