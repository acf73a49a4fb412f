package dev.coi.kernel.sessions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A tool's sandbox settings merged over the keys it carries of the user's own JSON settings file. */
final class SettingsMerge {

    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private SettingsMerge() {
    }

    /**
     * Reads a user's settings file.
     *
     * @throws IOException when it is not a JSON object
     */
    static ObjectNode parseObject(byte[] content) throws IOException {
        JsonNode node;
        try {
            node = MAPPER.readTree(content);
        } catch (JsonProcessingException e) {
            throw new IOException("it is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || node.isMissingNode()) {
            throw new IOException("it is empty");
        }
        if (!node.isObject()) {
            throw new IOException("it holds a JSON " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                    + ", not an object");
        }
        return (ObjectNode) node;
    }

    /**
     * The top-level keys of the user's settings that the tool carries, with their values whole, in the user's
     * order; everything else is left out.
     */
    static ObjectNode carried(ObjectNode user, Set<String> keys) {
        ObjectNode carried = MAPPER.createObjectNode();
        user.fields().forEachRemaining(field -> {
            if (keys.contains(field.getKey())) {
                carried.set(field.getKey(), field.getValue().deepCopy());
            }
        });
        return carried;
    }

    /** The top-level keys of the user's settings that the tool does not carry, sorted. */
    static List<String> leftOut(ObjectNode user, Set<String> keys) {
        List<String> left = new ArrayList<>();
        user.fieldNames().forEachRemaining(key -> {
            if (!keys.contains(key)) {
                left.add(key);
            }
        });
        return left.stream().sorted().toList();
    }

    static ObjectNode emptyObject() {
        return MAPPER.createObjectNode();
    }

    /**
     * Merges the sandbox settings into the user's: objects are merged key by key at every depth, anything else
     * the sandbox names replaces the user's value, and keys the sandbox does not name are kept.
     */
    static ObjectNode merge(ObjectNode user, Map<String, Object> sandbox) {
        ObjectNode merged = user.deepCopy();
        mergeInto(merged, MAPPER.valueToTree(sandbox));
        return merged;
    }

    private static void mergeInto(ObjectNode target, ObjectNode overlay) {
        Iterator<Map.Entry<String, JsonNode>> fields = overlay.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode existingObject && field.getValue() instanceof ObjectNode overlayObject) {
                mergeInto(existingObject, overlayObject);
            } else {
                target.set(field.getKey(), field.getValue().deepCopy());
            }
        }
    }

    static byte[] toJson(ObjectNode settings) {
        try {
            return (MAPPER.writeValueAsString(settings) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }
}
