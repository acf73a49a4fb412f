package dev.coi.kernel.snapshots;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The host copy of a container's saved AI-tool session taken with one of its snapshots, so that restoring the
 * snapshot can bring the saved session (what {@code --resume} gives new containers) back in step with the
 * container's files. Described by {@code snapshot.json} in its folder.
 *
 * @param directory its folder, {@code ~/.coi/snapshots/<container>/<snapshot>}
 * @param container the container the snapshot belongs to
 * @param snapshot the snapshot's name
 * @param snapshotCreatedAt when Incus took the snapshot: a copy belongs to the snapshot of its name only when
 *                          this matches, since container names (and so snapshot names) come back with new sessions
 * @param sessionId the session whose state it holds
 * @param tool the AI tool, which names the sessions folder and the state directory
 * @param stateDirectory the tool's state directory inside the folder, e.g. {@code .aider}
 * @param savedAt when the state was copied
 */
public record SessionCopy(Path directory, String container, String snapshot, Instant snapshotCreatedAt,
        String sessionId, String tool, String stateDirectory, OffsetDateTime savedAt) {

    static final String FILE = "snapshot.json";

    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** Where the copied state is. */
    public Path state() {
        return directory.resolve(stateDirectory);
    }

    byte[] toJson() {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("container", container);
        node.put("snapshot", snapshot);
        node.put("snapshot_created_at", snapshotCreatedAt.toString());
        node.put("session_id", sessionId);
        node.put("tool", tool);
        node.put("state_directory", stateDirectory);
        node.put("saved_at", savedAt.toString());
        try {
            return (MAPPER.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }

    /** @throws IOException when the file is no such description */
    static SessionCopy fromJson(Path directory, byte[] content) throws IOException {
        JsonNode node = MAPPER.readTree(content);
        if (node == null || !node.isObject()) {
            throw new IOException(FILE + " is not a JSON object");
        }
        String stateDirectory = text(node, "state_directory");
        if (stateDirectory.contains("/") || stateDirectory.equals("..") || stateDirectory.equals(".")) {
            throw new IOException(FILE + " names a state directory that is not a plain name: " + stateDirectory);
        }
        try {
            return new SessionCopy(directory, text(node, "container"), text(node, "snapshot"),
                    Instant.parse(text(node, "snapshot_created_at")), text(node, "session_id"), text(node, "tool"),
                    stateDirectory, OffsetDateTime.parse(text(node, "saved_at")));
        } catch (DateTimeParseException e) {
            throw new IOException(FILE + " has a bad time: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new IOException(FILE + " lacks " + field);
        }
        return value.asText();
    }
}
