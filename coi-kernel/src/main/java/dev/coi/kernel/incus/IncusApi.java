package dev.coi.kernel.incus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.coi.kernel.incus.http.HttpRequest;
import dev.coi.kernel.incus.http.HttpResponse;
import dev.coi.kernel.incus.http.RequestBody;
import dev.coi.kernel.incus.http.ConnectFailure;
import dev.coi.kernel.incus.http.HttpTransport;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The Incus REST protocol over an {@link IncusEndpoint}'s transport: JSON envelopes, background operations and the
 * mapping of every failure to an {@link IncusException} that says what to do.
 */
final class IncusApi {

    /** The longest server-side wait asked for at once; a longer wait loops. */
    private static final long WAIT_SLICE_SECONDS = 30;

    private final HttpTransport http;
    private final IncusEndpoint endpoint;
    private final Duration requestTimeout;
    private final String project;
    private final String projectQuery;

    IncusApi(IncusEndpoint endpoint, Duration requestTimeout) {
        this(endpoint, requestTimeout, DEFAULT_PROJECT);
    }

    /**
     * @param project the Incus project every request is made in ({@code incus.project}): its instances, its
     *                profiles, and whatever it shares with the default project
     */
    IncusApi(IncusEndpoint endpoint, Duration requestTimeout, String project) {
        this.http = endpoint.transport(requestTimeout);
        this.endpoint = endpoint;
        this.requestTimeout = requestTimeout;
        this.project = project == null || project.isBlank() ? DEFAULT_PROJECT : project;
        this.projectQuery = project == null || project.isBlank() || project.equals(DEFAULT_PROJECT) ? ""
                : "project=" + URLEncoder.encode(project, StandardCharsets.UTF_8);
    }

    static final String DEFAULT_PROJECT = "default";

    IncusEndpoint endpoint() {
        return endpoint;
    }

    /** The project every request is made in, unless it names another. */
    String project() {
        return project;
    }

    /**
     * Sends a request whose answer is a JSON envelope and returns it; error answers become exceptions.
     *
     * @param request the request
     * @param action what the request does, for messages, e.g. {@code "create instance x"}
     * @return the envelope, sync or async
     */
    Envelope envelope(HttpRequest request, String action) {
        return envelope(request, action, requestTimeout);
    }

    /**
     * Runs a request to its end: a sync answer gives its metadata, an async answer is waited for up to the
     * timeout and gives the operation's metadata. A failed operation throws {@link IncusOperationException}.
     */
    JsonNode call(HttpRequest request, String action, Duration operationTimeout) {
        return call(request, action, operationTimeout, null);
    }

    /**
     * Like {@link #call(HttpRequest, String, Duration)}; while the operation runs, its progress text (see
     * {@link Operation#progressText()}) goes to the listener about once a second.
     *
     * @param progress the listener, or null for none
     */
    JsonNode call(HttpRequest request, String action, Duration operationTimeout, Consumer<String> progress) {
        Envelope envelope = envelope(request, action);
        if (!envelope.isAsync()) {
            return envelope.metadata();
        }
        Operation operation = await(envelope.operation(), action, operationTimeout, progress);
        if (!operation.succeeded()) {
            throw failed(operation, action);
        }
        return operation.metadata();
    }

    /**
     * Waits until an operation is done, whatever its outcome.
     *
     * @param operationUrl the operation's URL, {@code /1.0/operations/<id>}
     * @param action what the operation does, for messages
     * @param timeout the longest wait in all
     * @return the done operation
     * @throws IncusTimeoutException when it is still running at the end
     */
    Operation await(String operationUrl, String action, Duration timeout) {
        return await(operationUrl, action, timeout, null);
    }

    private Operation await(String operationUrl, String action, Duration timeout, Consumer<String> progress) {
        long deadline = System.nanoTime() + timeout.toNanos();
        // progress is only seen between waits, so a listener makes them short
        long longestSlice = progress == null ? WAIT_SLICE_SECONDS : 1;
        while (true) {
            long leftSeconds = Math.ceilDiv(deadline - System.nanoTime(), 1_000_000_000L);
            long slice = Math.clamp(leftSeconds, 1, longestSlice);
            Envelope waited = waitOnce(operationUrl, slice, action);
            Operation operation = waited.isError()
                    ? afterFailedWait(operationUrl, waited, action)
                    : convert(waited.metadata(), Operation.class, action);
            if (operation.isDone()) {
                return operation;
            }
            if (progress != null) {
                operation.progressText().ifPresent(progress);
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IncusTimeoutException("Incus did not finish the work to " + action + " within "
                        + timeout.toSeconds() + " s; it may still be going on", null);
            }
        }
    }

    /**
     * Sends a request whose successful answer is not JSON (file contents). An error status is read and
     * thrown; otherwise the caller reads and closes the response.
     */
    HttpResponse raw(HttpRequest request, String action) {
        HttpResponse response = send(request, action, requestTimeout);
        if (response.status() < 400) {
            return response;
        }
        try {
            byte[] body = response.readBody();
            throw httpError(response.status(), errorText(body, response.reason()), action);
        } catch (IOException e) {
            throw transportError(e, action);
        }
    }

    <T> T convert(JsonNode node, Class<T> type, String action) {
        return convert(node, IncusJson.MAPPER.constructType(type), action);
    }

    <T> T convert(JsonNode node, TypeReference<T> type, String action) {
        return convert(node, IncusJson.MAPPER.constructType(type), action);
    }

    private static <T> T convert(JsonNode node, JavaType type, String action) {
        try {
            return IncusJson.MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IncusException("Incus gave an answer coi does not understand when trying to " + action + ": "
                    + e.getMessage(), 0, "", e);
        }
    }

    static HttpRequest json(String method, String target, Object body) {
        try {
            return HttpRequest.of(method, target)
                    .withHeader("Content-Type", "application/json")
                    .withBody(RequestBody.of(IncusJson.MAPPER.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write a request body as JSON", e);
        }
    }

    IncusOperationException failed(Operation operation, String action) {
        return new IncusOperationException("Incus could not " + action + ": " + operation.err(),
                operation.statusCode(), operation.err());
    }

    private Envelope envelope(HttpRequest request, String action, Duration readTimeout) {
        Envelope envelope = exchange(request, action, readTimeout);
        if (envelope.isError()) {
            throw httpError(envelope.errorCode(), envelope.error(), action);
        }
        return envelope;
    }

    private Envelope waitOnce(String operationUrl, long seconds, String action) {
        return exchange(HttpRequest.of("GET", operationUrl + "/wait?timeout=" + seconds), action,
                requestTimeout.plusSeconds(seconds));
    }

    /** Sends a request and reads its envelope, which may be an error envelope under a success status. */
    private Envelope exchange(HttpRequest request, String action, Duration readTimeout) {
        byte[] body;
        int status;
        String reason;
        try (HttpResponse response = send(request, action, readTimeout)) {
            body = response.readBody();
            status = response.status();
            reason = response.reason();
        } catch (IOException e) {
            throw transportError(e, action);
        }
        if (status >= 400) {
            throw httpError(status, errorText(body, reason), action);
        }
        try {
            return IncusJson.MAPPER.readValue(body, Envelope.class);
        } catch (IOException e) {
            throw new IncusException("Incus gave an answer that is not JSON when trying to " + action + " (HTTP "
                    + status + ")", status, "", e);
        }
    }

    /**
     * The wait endpoint answers with an error envelope under HTTP 200 (seen with Incus 6.0) both for a failed
     * operation, dropping its metadata (e.g. an exec's exit code), and when its own timeout ran out while the
     * operation still runs ("context deadline exceeded"). The operation itself tells which, and keeps its
     * metadata for a few seconds after it ended; a running one is waited for again.
     */
    private Operation afterFailedWait(String operationUrl, Envelope waited, String action) {
        try {
            return convert(envelope(HttpRequest.of("GET", operationUrl), action).metadata(), Operation.class, action);
        } catch (IncusNotFoundException e) {
            // already forgotten by Incus: the wait's error text is all there is
        }
        return new Operation("", "", "Failure", 400, waited.error(), null);
    }

    private HttpResponse send(HttpRequest request, String action, Duration readTimeout) {
        try {
            return http.send(inProject(request), readTimeout);
        } catch (IOException e) {
            throw transportError(e, action);
        }
    }

    /** The request made in the project: without the parameter the daemon would use the default project. */
    HttpRequest inProject(HttpRequest request) {
        // a target that names its project, or asks for all (which Incus refuses together with a project), stays
        if (projectQuery.isEmpty() || request.target().matches(".*[?&](all-)?projects?=.*")) {
            return request;
        }
        String target = request.target();
        return new HttpRequest(request.method(), target + (target.contains("?") ? "&" : "?") + projectQuery,
                request.headers(), request.body());
    }

    private IncusException transportError(IOException e, String action) {
        if (e instanceof ConnectFailure) {
            return endpoint.unavailable(e.getCause() instanceof IOException cause ? cause : e);
        }
        if (e instanceof SocketTimeoutException) {
            return new IncusTimeoutException("Incus did not answer in time when trying to " + action
                    + " (" + endpoint.describe() + ")", e);
        }
        return new IncusException("Lost the connection to Incus at " + endpoint.describe() + " when trying to "
                + action + ": " + e.getMessage(), 0, "", e);
    }

    private IncusException httpError(int status, String error, String action) {
        String message = "Incus could not " + action + ": " + error;
        return switch (status) {
            case 403 -> new IncusException(message + " (HTTP 403)" + endpoint.whenForbidden(), status, error, null);
            case 404 -> new IncusNotFoundException(message, error);
            case 409 -> new IncusConflictException(message, error);
            default -> new IncusException(message + " (HTTP " + status + ")", status, error, null);
        };
    }

    private static String errorText(byte[] body, String reason) {
        try {
            Envelope envelope = IncusJson.MAPPER.readValue(body, Envelope.class);
            if (envelope.error() != null && !envelope.error().isEmpty()) {
                return envelope.error();
            }
        } catch (IOException e) {
            // not an Incus envelope: fall back to the raw text
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? reason : text;
    }
}
