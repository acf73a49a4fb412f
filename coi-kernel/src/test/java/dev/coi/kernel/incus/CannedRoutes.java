package dev.coi.kernel.incus;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Canned answers of a {@link FakeIncus} by {@code "METHOD target"}. Several answers for one route are given
 * out in turn, the last one again and again; an unknown route gets Incus's 404.
 */
final class CannedRoutes implements Function<FakeIncus.Request, FakeIncus.Reply> {

    static final String OPERATION = "/1.0/operations/op1";

    private final Map<String, Deque<FakeIncus.Reply>> routes = new ConcurrentHashMap<>();

    CannedRoutes on(String route, FakeIncus.Reply... replies) {
        Deque<FakeIncus.Reply> queue = routes.computeIfAbsent(route, key -> new ArrayDeque<>());
        synchronized (queue) {
            for (FakeIncus.Reply reply : replies) {
                queue.add(reply);
            }
        }
        return this;
    }

    @Override
    public FakeIncus.Reply apply(FakeIncus.Request request) {
        Deque<FakeIncus.Reply> queue = routes.get(request.method() + " " + request.target());
        if (queue == null) {
            return error(404, "not found");
        }
        synchronized (queue) {
            return queue.size() > 1 ? queue.poll() : queue.peek();
        }
    }

    static FakeIncus.Reply sync(String metadataJson) {
        return FakeIncus.Reply.json(200, "{\"type\":\"sync\",\"status\":\"Success\",\"status_code\":200,"
                + "\"operation\":\"\",\"error_code\":0,\"error\":\"\",\"metadata\":" + metadataJson + "}");
    }

    static FakeIncus.Reply async() {
        return FakeIncus.Reply.json(202, "{\"type\":\"async\",\"status\":\"Operation created\",\"status_code\":100,"
                + "\"operation\":\"" + OPERATION + "\",\"error_code\":0,\"error\":\"\",\"metadata\":"
                + operation("Running", 103, "", "null") + "}");
    }

    static FakeIncus.Reply error(int code, String text) {
        return FakeIncus.Reply.json(code, errorJson(code, text));
    }

    /** The wait endpoint's answer for a failed operation: an error under HTTP 200, sent chunked. */
    static FakeIncus.Reply waitFailed(String text) {
        return FakeIncus.Reply.chunked(200, errorJson(400, text), 16);
    }

    static String operation(String status, int code, String err, String metadataJson) {
        return "{\"id\":\"op1\",\"class\":\"task\",\"description\":\"Doing\",\"status\":\"" + status
                + "\",\"status_code\":" + code + ",\"metadata\":" + metadataJson + ",\"may_cancel\":false,\"err\":\""
                + err + "\"}";
    }

    private static String errorJson(int code, String text) {
        return "{\"type\":\"error\",\"status\":\"\",\"status_code\":0,\"operation\":\"\",\"error_code\":" + code
                + ",\"error\":\"" + text.replace("\"", "\\\"") + "\",\"metadata\":null}";
    }
}
