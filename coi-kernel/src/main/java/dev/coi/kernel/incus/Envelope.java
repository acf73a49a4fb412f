package dev.coi.kernel.incus;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The JSON wrapper of every Incus answer.
 *
 * @param type {@code sync}, {@code async} or {@code error}
 * @param statusCode the status code of a sync or async answer
 * @param operation the URL of the background operation of an async answer
 * @param errorCode the HTTP-like code of an error answer
 * @param error the error text of an error answer
 * @param metadata the payload
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record Envelope(
        String type,
        @JsonProperty("status_code") int statusCode,
        String operation,
        @JsonProperty("error_code") int errorCode,
        String error,
        JsonNode metadata) {

    boolean isError() {
        return "error".equals(type);
    }

    boolean isAsync() {
        return "async".equals(type);
    }
}
