package dev.coi.kernel.incus;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An image in the local image store.
 *
 * @param fingerprint its SHA-256 fingerprint, the image's identity
 * @param aliases its aliases
 * @param size its size in bytes
 * @param createdAt when it was built (from its metadata), or null
 * @param uploadedAt when it entered this store
 * @param properties its properties, e.g. {@code description}, {@code os}
 * @param architecture e.g. {@code "x86_64"}
 * @param type {@code "container"} or {@code "virtual-machine"}
 * @param isPublic whether unauthenticated clients may use it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageInfo(
        String fingerprint,
        List<ImageAlias> aliases,
        long size,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("uploaded_at") Instant uploadedAt,
        Map<String, String> properties,
        String architecture,
        String type,
        @JsonProperty("public") boolean isPublic) {

    /**
     * Replaces missing lists and maps with empty ones.
     *
     * @param fingerprint the fingerprint
     * @param aliases the aliases
     * @param size the size
     * @param createdAt the build time
     * @param uploadedAt the upload time
     * @param properties the properties
     * @param architecture the architecture
     * @param type the type
     * @param isPublic whether public
     */
    public ImageInfo {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }
}
