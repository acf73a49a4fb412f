package dev.coi.kernel.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.LocalFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ~/.coi/plugins/plugins.lock}: the installed plugins, the only jars coi loads from the plugin folder.
 * JSON, written atomically (readers see the old or the new list, never a part).
 *
 * @param plugins in the order they were installed
 */
public record PluginLock(List<LockedPlugin> plugins) {

    static final String FILE_NAME = "plugins.lock";
    private static final int FORMAT = 1;
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public PluginLock {
        plugins = List.copyOf(plugins);
    }

    static PluginLock empty() {
        return new PluginLock(List.of());
    }

    Optional<LockedPlugin> find(String id) {
        return plugins.stream().filter(plugin -> plugin.id().equals(id)).findFirst();
    }

    /** This lock with the plugin added, or in place of the one with its id. */
    PluginLock with(LockedPlugin plugin) {
        List<LockedPlugin> changed = new ArrayList<>(plugins);
        int at = changed.indexOf(find(plugin.id()).orElse(null));
        if (at >= 0) {
            changed.set(at, plugin);
        } else {
            changed.add(plugin);
        }
        return new PluginLock(changed);
    }

    PluginLock without(String id) {
        return new PluginLock(plugins.stream().filter(plugin -> !plugin.id().equals(id)).toList());
    }

    /** The lock in {@code folder}, empty when there is none. */
    static PluginLock read(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return empty();
        } catch (IOException e) {
            throw unreadable(file, e.getMessage());
        }
        if (root == null || !root.path("plugins").isArray()) {
            throw unreadable(file, "no \"plugins\" list");
        }
        List<LockedPlugin> plugins = new ArrayList<>();
        for (JsonNode node : root.get("plugins")) {
            try {
                plugins.add(new LockedPlugin(text(node, "id"), text(node, "version"), text(node, "requires"),
                        text(node, "sha256"), text(node, "source"), text(node, "file"),
                        node.path("enabled").asBoolean(true), Instant.parse(text(node, "installed_at"))));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw unreadable(file, e.getMessage());
            }
        }
        return new PluginLock(plugins);
    }

    void write(Path folder) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        ArrayNode list = root.putArray("plugins");
        for (LockedPlugin plugin : plugins) {
            ObjectNode node = list.addObject();
            node.put("id", plugin.id());
            node.put("version", plugin.version());
            node.put("requires", plugin.requires());
            node.put("sha256", plugin.sha256());
            node.put("source", plugin.source());
            node.put("file", plugin.file());
            node.put("enabled", plugin.enabled());
            node.put("installed_at", plugin.installedAt().toString());
        }
        LocalFiles.writeAtomically(folder.resolve(FILE_NAME), MAPPER.writeValueAsBytes(root), "rw-------");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("an entry has no \"" + field + "\"");
        }
        return value.asText();
    }

    private static CoiException unreadable(Path file, String why) {
        return CoiException.failure(file + " cannot be read (" + why + "); no installed plugin was loaded."
                + " Fix the file, or move it away and install the plugins again with coi plugin install");
    }
}
