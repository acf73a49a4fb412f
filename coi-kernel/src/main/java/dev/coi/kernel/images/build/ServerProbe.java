package dev.coi.kernel.images.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks whether an image server can be reached at all, before Incus is sent to download from it: Incus would
 * otherwise take its own, much longer time to give up on a host without internet access. A TCP connection to
 * the server's port within {@link #TIMEOUT}, name lookup included, counts as reachable; whether the server
 * then serves the image is for Incus to find out.
 */
final class ServerProbe {

    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private ServerProbe() {
    }

    /**
     * @param server the server's URL, e.g. {@code https://images.linuxcontainers.org}
     * @return why it cannot be reached, or empty when it can
     */
    static Optional<String> unreachable(String server) {
        URI uri = URI.create(server);
        String host = uri.getHost();
        if (host == null) {
            return Optional.of("the URL " + server + " names no host");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : "http".equals(uri.getScheme()) ? 80 : 443;
        // the name lookup ignores connect timeouts, so the whole attempt runs on a thread of its own
        CompletableFuture<Void> attempt = CompletableFuture.runAsync(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), (int) TIMEOUT.toMillis());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            attempt.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (TimeoutException e) {
            return Optional.of("no answer from " + host + ":" + port + " within " + TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException io ? io.getCause() : e.getCause();
            return Optional.of(host + ":" + port + ": " + (cause instanceof UnknownHostException ? "unknown host"
                    : cause.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
