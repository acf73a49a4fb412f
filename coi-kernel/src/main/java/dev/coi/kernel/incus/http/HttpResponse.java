package dev.coi.kernel.incus.http;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A response read from a {@link Connection}: status, header fields and a body framed by
 * {@code Content-Length}, chunked transfer coding or the end of the connection. Closing the response (or its
 * body stream) closes the connection.
 */
public final class HttpResponse implements Closeable {

    private final int status;
    private final String reason;
    private final Map<String, List<String>> headers;
    private final InputStream body;
    private final Connection connection;

    private HttpResponse(int status, String reason, Map<String, List<String>> headers, InputStream body,
                         Connection connection) {
        this.status = status;
        this.reason = reason;
        this.headers = headers;
        this.body = body;
        this.connection = connection;
    }

    /**
     * Reads a response head from the connection, skipping interim 1xx responses.
     *
     * @param connection the connection the request was written to
     * @param headRequest whether the request was HEAD, whose response has no body whatever it announces
     * @return the response, its body not yet read
     * @throws IOException when the connection fails or the head is not HTTP/1.x
     */
    static HttpResponse read(Connection connection, boolean headRequest) throws IOException {
        InputStream in = connection.input();
        while (true) {
            String statusLine = HttpLines.read(in);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("\\d{3}")) {
                throw new IOException("not an HTTP/1.x response: \"" + statusLine + "\"");
            }
            int status = Integer.parseInt(parts[1]);
            Map<String, List<String>> headers = readHeaders(in);
            if (status >= 100 && status < 200 && status != 101) {
                continue;
            }
            String reason = parts.length > 2 ? parts[2] : "";
            String transferEncoding = joined(headers, "Transfer-Encoding").toLowerCase(Locale.ROOT).strip();
            InputStream body;
            if (headRequest || status == 204 || status == 304) {
                body = InputStream.nullInputStream();
            } else if (!transferEncoding.isEmpty()) {
                body = transferEncoding.endsWith("chunked") ? new ChunkedInputStream(in) : in;
            } else if (headers.containsKey("Content-Length")) {
                body = new FixedLengthInputStream(in, contentLength(headers.get("Content-Length")));
            } else {
                body = in;
            }
            return new HttpResponse(status, reason, headers, body, connection);
        }
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    /**
     * A header field; several fields of one name are joined with commas.
     *
     * @param name the name, in any case
     * @return the value, if the field was sent
     */
    public Optional<String> header(String name) {
        return headers.containsKey(name) ? Optional.of(joined(headers, name)) : Optional.empty();
    }

    /**
     * The body as a stream; closing it closes the response.
     *
     * @return the body
     */
    public InputStream body() {
        return new FilterInputStream(body) {
            @Override
            public void close() throws IOException {
                HttpResponse.this.close();
            }
        };
    }

    /**
     * Reads the whole body and closes the response.
     *
     * @return the body
     * @throws IOException when the connection fails
     */
    public byte[] readBody() throws IOException {
        try {
            return body.readAllBytes();
        } finally {
            close();
        }
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }

    private static Map<String, List<String>> readHeaders(InputStream in) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int count = 0;
        for (String line = HttpLines.read(in); !line.isEmpty(); line = HttpLines.read(in)) {
            int colon = line.indexOf(':');
            if (colon <= 0 || ++count > 200) {
                throw new IOException("bad HTTP header line: \"" + line + "\"");
            }
            headers.computeIfAbsent(line.substring(0, colon).strip(), name -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
        return headers;
    }

    private static String joined(Map<String, List<String>> headers, String name) {
        return String.join(",", headers.getOrDefault(name, List.of()));
    }

    private static long contentLength(List<String> values) throws IOException {
        String first = values.get(0).split(",")[0].strip();
        for (String value : values) {
            for (String each : value.split(",")) {
                if (!each.strip().equals(first) || !first.matches("\\d{1,18}")) {
                    throw new IOException("bad Content-Length: " + values);
                }
            }
        }
        return Long.parseLong(first);
    }
}
