package dev.coi.kernel.incus;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.coi.kernel.incus.http.HttpRequest;
import dev.coi.kernel.incus.http.RequestBody;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** The local image store: {@code /1.0/images} and {@code /1.0/images/aliases}. */
public final class IncusImages implements ImageLookup {

    private static final TypeReference<List<ImageInfo>> IMAGES = new TypeReference<>() {
    };

    private final IncusApi api;
    private final Duration operationTimeout;

    IncusImages(IncusApi api, Duration operationTimeout) {
        this.api = api;
        this.operationTimeout = operationTimeout;
    }

    /**
     * All images with their aliases, sizes and properties.
     *
     * @return the images
     */
    public List<ImageInfo> list() {
        String action = "list the images";
        return api.convert(api.envelope(HttpRequest.of("GET", "/1.0/images?recursion=1"), action).metadata(), IMAGES,
                action);
    }

    /**
     * One image.
     *
     * @param fingerprint its fingerprint, or a unique prefix of it
     * @return the image, or empty when there is none
     */
    @Override
    public Optional<ImageInfo> image(String fingerprint) {
        String action = "read image " + fingerprint;
        try {
            return Optional.of(api.convert(api.envelope(HttpRequest.of("GET", "/1.0/images/"
                    + Urls.segment(fingerprint)), action).metadata(), ImageInfo.class, action));
        } catch (IncusNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Looks up an alias.
     *
     * @param name the alias
     * @return the alias with its target fingerprint, or empty when there is none
     */
    @Override
    public Optional<ImageAlias> alias(String name) {
        String action = "read image alias " + name;
        try {
            return Optional.of(api.convert(api.envelope(HttpRequest.of("GET", aliasPath(name)), action).metadata(),
                    ImageAlias.class, action));
        } catch (IncusNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Creates an alias.
     *
     * @param name the alias
     * @param fingerprint the image it names
     * @param description what it is for
     * @throws IncusConflictException when the alias exists
     */
    public void createAlias(String name, String fingerprint, String description) {
        api.call(IncusApi.json("POST", "/1.0/images/aliases",
                        Map.of("name", name, "target", fingerprint, "description", description)),
                "create image alias " + name, operationTimeout);
    }

    /**
     * Points an existing alias at another image in one request, so that it never stops naming an image.
     *
     * @param name the alias
     * @param fingerprint the image it names from now on
     * @param description what it is for
     * @throws IncusNotFoundException when there is no such alias
     */
    public void retarget(String name, String fingerprint, String description) {
        api.call(IncusApi.json("PUT", aliasPath(name), Map.of("target", fingerprint, "description", description)),
                "point image alias " + name + " at " + fingerprint, operationTimeout);
    }

    /**
     * Makes an image of a stopped instance ({@code POST /1.0/images} with an instance source), without aliases.
     *
     * @param instance the instance name
     * @param properties the image's properties, e.g. {@code description}
     * @param progress receives texts like {@code "Image pack: 42% (27.82MB/s)"} about once a second; null for none
     * @return the new image's fingerprint
     * @throws IncusOperationException when Incus fails, e.g. the instance runs
     */
    public String publish(String instance, Map<String, String> properties, Consumer<String> progress) {
        String action = "publish instance " + instance + " as an image";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", Map.of("type", "instance", "name", instance));
        body.put("properties", properties);
        String fingerprint = api.call(IncusApi.json("POST", "/1.0/images", body), action, operationTimeout, progress)
                .path("fingerprint").asText("");
        if (fingerprint.isEmpty()) {
            throw new IncusException("Incus published instance " + instance + " but named no fingerprint", 0, "", null);
        }
        return fingerprint;
    }

    /**
     * Deletes an alias; the image stays.
     *
     * @param name the alias
     * @throws IncusNotFoundException when there is none
     */
    public void deleteAlias(String name) {
        api.call(HttpRequest.of("DELETE", aliasPath(name)), "delete image alias " + name, operationTimeout);
    }

    /**
     * Deletes an image with its aliases.
     *
     * @param fingerprint its fingerprint
     * @throws IncusNotFoundException when there is none
     */
    public void delete(String fingerprint) {
        api.call(HttpRequest.of("DELETE", "/1.0/images/" + Urls.segment(fingerprint)), "delete image " + fingerprint,
                operationTimeout);
    }

    /**
     * Imports a unified image tarball ({@code metadata.yaml} and {@code rootfs/} in one tar, plain or
     * compressed), streamed from the file.
     *
     * @param tarball the tarball
     * @param aliases aliases to give the new image
     * @param properties properties to set over those of its {@code metadata.yaml}
     * @param isPublic whether unauthenticated clients may use it
     * @return the new image's fingerprint
     * @throws IncusOperationException when Incus refuses it, e.g. an image with the same fingerprint exists
     */
    public String importTarball(Path tarball, List<String> aliases, Map<String, String> properties, boolean isPublic) {
        String action = "import image " + tarball.getFileName();
        HttpRequest request;
        try {
            request = HttpRequest.of("POST", "/1.0/images")
                    .withHeader("Content-Type", "application/octet-stream")
                    .withHeader("X-Incus-Public", Boolean.toString(isPublic))
                    .withBody(RequestBody.of(tarball));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the image " + tarball + ": " + e.getMessage(), e);
        }
        if (!properties.isEmpty()) {
            request = request.withHeader("X-Incus-Properties", properties.entrySet().stream()
                    .map(entry -> form(entry.getKey()) + "=" + form(entry.getValue()))
                    .collect(Collectors.joining("&")));
        }
        if (!aliases.isEmpty()) {
            request = request.withHeader("X-Incus-Aliases", aliases.stream().map(alias -> "alias=" + form(alias))
                    .collect(Collectors.joining("&")));
        }
        String fingerprint = api.call(request, action, operationTimeout).path("fingerprint").asText("");
        if (fingerprint.isEmpty()) {
            throw new IncusException("Incus imported " + tarball.getFileName() + " but named no fingerprint", 0, "",
                    null);
        }
        return fingerprint;
    }

    private static String aliasPath(String name) {
        return "/1.0/images/aliases/" + Urls.segment(name);
    }

    private static String form(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
