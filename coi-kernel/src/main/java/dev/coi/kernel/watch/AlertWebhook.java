package dev.coi.kernel.watch;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.incus.http.HttpRequest;
import dev.coi.kernel.incus.http.HttpResponse;
import dev.coi.kernel.incus.http.RequestBody;
import dev.coi.kernel.incus.http.UnixSocketHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Where {@code coi monitor --webhook} posts each event, as its audit line (JSON): an {@code https} URL (TLS and the
 * trusted certificates of the JDK), a unix socket ({@code unix:/path/to.sock}, posted to {@code /}), or plain
 * {@code http} to this machine only, which nothing on the way can read.
 */
public final class AlertWebhook {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String shown;
    private final URI https;
    private final Path socket;

    private AlertWebhook(String shown, URI https, Path socket) {
        this.shown = shown;
        this.https = https;
        this.socket = socket;
    }

    /**
     * @param url what the user gave
     * @throws CoiException for a URL coi cannot or will not post to, saying which forms it takes
     */
    public static AlertWebhook parse(String url) {
        String forms = "https://HOST/PATH, unix:/PATH/TO/SOCKET, or http://127.0.0.1:PORT/PATH (this machine only)";
        if (url.startsWith("unix:")) {
            String path = url.substring(5).replaceFirst("^//", "");
            if (!path.startsWith("/")) {
                throw CoiException.failure("--webhook " + url + ": a unix socket needs an absolute path, e.g."
                        + " unix:/run/user/1000/alerts.sock");
            }
            return new AlertWebhook(url, null, Path.of(path));
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw CoiException.failure("--webhook " + url + " is not a URL (" + e.getReason() + "); it takes " + forms);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http") && isLoopback(uri.getHost()))) {
            throw CoiException.failure("--webhook " + url + ": coi posts alerts to " + forms + "; plain http to"
                    + " another machine would show them to the network");
        }
        return new AlertWebhook(url, uri, null);
    }

    /**
     * Posts one event.
     *
     * @param json the event's audit line
     * @throws IOException when it cannot be delivered or the receiver answers with an error
     */
    public void post(String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        int status;
        if (socket != null) {
            try (HttpResponse response = new UnixSocketHttp(socket, TIMEOUT).send(HttpRequest.of("POST", "/")
                    .withHeader("Content-Type", "application/json").withBody(RequestBody.of(body)))) {
                response.readBody();
                status = response.status();
            }
        } else {
            HttpURLConnection connection = (HttpURLConnection) https.toURL().openConnection();
            try {
                connection.setRequestMethod("POST");
                connection.setConnectTimeout((int) TIMEOUT.toMillis());
                connection.setReadTimeout((int) TIMEOUT.toMillis());
                connection.setInstanceFollowRedirects(false);
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/json");
                connection.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
                status = connection.getResponseCode();
                try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                    if (in != null) {
                        in.readAllBytes();
                    }
                }
            } finally {
                connection.disconnect();
            }
        }
        if (status < 200 || status >= 300) {
            throw new IOException(shown + " answered HTTP " + status);
        }
    }

    @Override
    public String toString() {
        return shown;
    }

    /** Named without a look-up, which could itself go out to the network: localhost, 127.x.x.x or ::1. */
    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.matches("127(\\.[0-9]{1,3}){3}") || host.equals("[::1]")
                || host.equals("::1");
    }
}
