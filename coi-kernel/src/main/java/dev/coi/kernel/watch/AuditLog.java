package dev.coi.kernel.watch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.coi.api.WatchEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The audit log of watched sessions: one file of JSON lines per container under {@code ~/.coi/audit}, readable by
 * the user alone; at {@link #ROTATE_AT} bytes the file becomes {@code <container>.jsonl.1} (replacing an older
 * one) and a new file is begun.
 */
public final class AuditLog {

    static final long ROTATE_AT = 10L << 20;
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private final Path folder;

    /** @param coiHome {@code ~/.coi} */
    public AuditLog(Path coiHome) {
        this.folder = coiHome.resolve("audit");
    }

    /** The log of a container, for {@code coi monitor}. */
    public Path file(String container) {
        return folder.resolve(container + ".jsonl");
    }

    /** The folder of every container's log. */
    public Path folder() {
        return folder;
    }

    /**
     * Appends one event.
     *
     * @param response what coi did about it, empty when nothing
     */
    synchronized void append(Instant time, String container, String sessionId, WatchEvent event, String response)
            throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", time.toString());
        line.put("container", container);
        line.put("session", sessionId);
        line.put("detector", event.detector());
        line.put("level", event.level().name().toLowerCase(Locale.ROOT));
        line.put("message", event.message());
        line.put("details", event.details());
        line.put("response", response);
        Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                "rwx------")));
        Path file = file(container);
        if (Files.exists(file) && Files.size(file) >= ROTATE_AT) {
            Files.move(file, folder.resolve(container + ".jsonl.1"), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.write(file, (MAPPER.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);
    }
}
