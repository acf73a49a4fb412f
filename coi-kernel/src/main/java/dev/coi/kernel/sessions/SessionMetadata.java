package dev.coi.kernel.sessions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What {@code metadata.json} of a saved session says. The JSON names are those of the reference tool
 * ({@code session_id}, {@code container_name}, {@code persistent}, {@code workspace}, {@code saved_at}) plus
 * {@code tool} and {@code image}; unknown fields are ignored, so either tool reads the other's files.
 *
 * @param sessionId the coi session id
 * @param containerName the container the session ran in
 * @param persistent whether the container is kept after it stops
 * @param workspace the absolute workspace path
 * @param savedAt when the session was saved, local time to the second
 * @param tool the AI tool's name; empty when the file does not say (files of the reference tool)
 * @param image the image alias; empty when the file does not say
 * @param workspaceMode {@code mount} or {@code copy}; empty when the file does not say (older files)
 */
public record SessionMetadata(String sessionId, String containerName, boolean persistent, String workspace,
        OffsetDateTime savedAt, String tool, String image, String workspaceMode) {

    /** RFC 3339 with seconds, as the reference tool writes it: {@code 2026-01-31T10:00:00+01:00}. */
    private static final DateTimeFormatter SAVED_AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    public SessionMetadata {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(containerName, "containerName");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(workspaceMode, "workspaceMode");
        savedAt = savedAt.truncatedTo(ChronoUnit.SECONDS);
    }

    /** Metadata that does not say how the workspace reached the container. */
    public SessionMetadata(String sessionId, String containerName, boolean persistent, String workspace,
            OffsetDateTime savedAt, String tool, String image) {
        this(sessionId, containerName, persistent, workspace, savedAt, tool, image, "");
    }

    /** The current local time to the second, for {@code saved_at}. */
    public static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS);
    }

    /** The same metadata, saved at another time. */
    public SessionMetadata savedAt(OffsetDateTime when) {
        return new SessionMetadata(sessionId, containerName, persistent, workspace, when, tool, image, workspaceMode);
    }

    /** The same metadata with another persistent flag. */
    public SessionMetadata withPersistent(boolean keep) {
        return new SessionMetadata(sessionId, containerName, keep, workspace, savedAt, tool, image, workspaceMode);
    }

    /** The content of {@code metadata.json}. */
    public byte[] toJson() {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("session_id", sessionId);
        node.put("container_name", containerName);
        node.put("persistent", persistent);
        node.put("workspace", workspace);
        node.put("saved_at", SAVED_AT.format(savedAt));
        node.put("tool", tool);
        node.put("image", image);
        if (!workspaceMode.isEmpty()) {
            node.put("workspace_mode", workspaceMode);
        }
        try {
            return (MAPPER.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }

    /**
     * Reads {@code metadata.json}.
     *
     * @throws IOException when it is not JSON, or {@code session_id} or {@code saved_at} is missing or bad
     */
    public static SessionMetadata fromJson(byte[] content) throws IOException {
        JsonNode node = MAPPER.readTree(content);
        if (node == null || !node.isObject()) {
            throw new IOException("it is not a JSON object");
        }
        String sessionId = text(node, "session_id");
        if (sessionId.isEmpty()) {
            throw new IOException("session_id is missing");
        }
        String savedAt = text(node, "saved_at");
        OffsetDateTime when;
        try {
            when = OffsetDateTime.parse(savedAt);
        } catch (DateTimeParseException e) {
            throw new IOException("saved_at is not an RFC 3339 time: \"" + savedAt + "\"", e);
        }
        return new SessionMetadata(sessionId, text(node, "container_name"), node.path("persistent").asBoolean(false),
                text(node, "workspace"), when, text(node, "tool"), text(node, "image"), text(node, "workspace_mode"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isValueNode() && !value.isNull() ? value.asText() : "";
    }
}
