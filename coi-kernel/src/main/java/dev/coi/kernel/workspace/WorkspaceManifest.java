package dev.coi.kernel.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coi.kernel.base.LocalFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the host and the container last agreed on: every file and link of a copied workspace with its size, time
 * and SHA-256 (or target), written when the workspace went in and after each sync. It is the base of the three-way
 * comparison: a side whose version differs from it changed.
 *
 * @param git whether the workspace is a git repository, so that the container lists its files as git does
 * @param files the versions by path relative to the workspace
 */
public record WorkspaceManifest(boolean git, SortedMap<String, FileVersion> files) {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final int FORMAT = 1;

    public WorkspaceManifest {
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    public FileVersion get(String path) {
        return files.getOrDefault(path, FileVersion.ABSENT);
    }

    /** Written for the user alone, atomically: a crash leaves the old manifest or the new one. */
    public void write(Path file) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("git", git);
        ObjectNode entries = root.putObject("files");
        for (Map.Entry<String, FileVersion> entry : files.entrySet()) {
            FileVersion version = entry.getValue();
            ObjectNode node = entries.putObject(entry.getKey());
            node.put("kind", version.kind().name().toLowerCase(java.util.Locale.ROOT));
            if (version.kind() == FileVersion.Kind.LINK) {
                node.put("target", version.digest());
            } else {
                node.put("sha256", version.digest());
                node.put("size", version.size());
                node.put("mtime", version.mtime());
                node.put("executable", version.executable());
            }
        }
        LocalFiles.writeAtomically(file, MAPPER.writeValueAsBytes(root), "rw-------");
    }

    public static WorkspaceManifest read(Path file) throws IOException {
        JsonNode root = MAPPER.readTree(Files.readAllBytes(file));
        if (root == null || root.path("format").asInt() != FORMAT) {
            throw new IOException(file + " is not a workspace manifest coi understands");
        }
        SortedMap<String, FileVersion> files = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("files").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode node = entry.getValue();
            FileVersion version = switch (node.path("kind").asText()) {
                case "file" -> FileVersion.file(node.path("sha256").asText(), node.path("size").asLong(),
                        node.path("mtime").asLong(), node.path("executable").asBoolean());
                case "link" -> FileVersion.link(node.path("target").asText());
                default -> throw new IOException(file + " has an entry of unknown kind at " + entry.getKey());
            };
            files.put(entry.getKey(), version);
        }
        return new WorkspaceManifest(root.path("git").asBoolean(), files);
    }
}
