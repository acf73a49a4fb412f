package dev.coi.kernel.incus;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Map;
import java.util.Optional;

/**
 * A background operation as Incus reports it.
 *
 * @param id the operation id
 * @param description what it does, e.g. {@code "Executing command"}
 * @param status {@code Running}, {@code Success}, {@code Failure}, {@code Cancelled}, ...
 * @param statusCode 103 running, 200 success, 400 failure, 401 cancelled, ...
 * @param err the error text of a failed operation
 * @param metadata what the operation produced, e.g. an exec's exit code and output logs
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record Operation(
        String id,
        String description,
        String status,
        @JsonProperty("status_code") int statusCode,
        String err,
        JsonNode metadata) {

    Operation {
        err = err == null ? "" : err;
        metadata = metadata == null ? NullNode.getInstance() : metadata;
    }

    /** Status codes from 200 up are final: success, failure, cancelled. */
    boolean isDone() {
        return statusCode >= 200;
    }

    boolean succeeded() {
        return statusCode == 200;
    }

    /**
     * What a running operation reports about its progress: the first text field of its metadata whose name
     * ends in {@code _progress}. Incus 6.0 writes e.g. {@code "Image pack: 42% (27.82MB/s)"} under
     * {@code create_image_from_container_pack_progress} while publishing, and {@code download_progress} or
     * {@code create_instance_from_image_unpack_progress} while making an instance from an image.
     */
    Optional<String> progressText() {
        for (Map.Entry<String, JsonNode> field : metadata.properties()) {
            if (field.getKey().endsWith("_progress") && field.getValue().isTextual()) {
                return Optional.of(field.getValue().asText());
            }
        }
        return Optional.empty();
    }
}
