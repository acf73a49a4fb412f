package dev.coi.kernel.incus.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP/1.1 request to the Incus socket.
 *
 * @param method the method, e.g. {@code GET}
 * @param target the origin-form target: an absolute path with an optional, already encoded query
 * @param headers extra header fields; {@code Host}, {@code Content-Length} and {@code Connection} are set by
 *                the transport
 * @param body the body
 */
public record HttpRequest(String method, String target, Map<String, String> headers, RequestBody body) {

    public HttpRequest {
        Objects.requireNonNull(body, "body");
        requireToken(method, "method");
        if (!target.startsWith("/") || target.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            throw new IllegalArgumentException("bad request target: " + target);
        }
        headers.forEach((name, value) -> {
            requireToken(name, "header name");
            if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                throw new IllegalArgumentException("bad value of header " + name);
            }
        });
        headers = Map.copyOf(headers);
    }

    public static HttpRequest of(String method, String target) {
        return new HttpRequest(method, target, Map.of(), RequestBody.NONE);
    }

    public HttpRequest withBody(RequestBody newBody) {
        return new HttpRequest(method, target, headers, newBody);
    }

    public HttpRequest withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpRequest(method, target, more, body);
    }

    private static void requireToken(String text, String what) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c > ' ' && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
            throw new IllegalArgumentException("bad " + what + ": " + text);
        }
    }
}
