package dev.coi.kernel.plugin;

import dev.coi.kernel.base.CoiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;

/** Fetches a plugin jar over https into a file, hashing it on the way. */
final class PluginDownload {

    static final long MAX_BYTES = 64L * 1024 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private PluginDownload() {
    }

    /** @return the SHA-256 of what was written to {@code target} */
    static String fetch(URI url, Path target) throws IOException {
        if (!"https".equalsIgnoreCase(url.getScheme())) {
            throw CoiException.usage("only https URLs are installed (" + url + "); nothing was downloaded");
        }
        HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
        // HttpURLConnection follows redirects within one protocol only: never from https to http
        connection.setInstanceFollowRedirects(true);
        connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        connection.setReadTimeout((int) READ_TIMEOUT.toMillis());
        int status;
        try {
            status = connection.getResponseCode();
        } catch (IOException e) {
            throw CoiException.failure("cannot download " + url + " (" + e.getMessage()
                    + "); check the URL and your network, or download the jar yourself and install it from its path");
        }
        if (status != HttpURLConnection.HTTP_OK) {
            connection.disconnect();
            throw CoiException.failure("cannot download " + url + ": the server answered HTTP " + status
                    + "; nothing was installed");
        }
        try (InputStream in = connection.getInputStream()) {
            MessageDigest digest = Sha256.digest();
            long total = 0;
            try (OutputStream out = Files.newOutputStream(target)) {
                byte[] buffer = new byte[64 * 1024];
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    total += read;
                    if (total > MAX_BYTES) {
                        throw CoiException.failure(url + " is larger than " + MAX_BYTES / (1024 * 1024)
                                + " MiB, too large for a plugin jar; nothing was installed");
                    }
                    digest.update(buffer, 0, read);
                    out.write(buffer, 0, read);
                }
            }
            return Sha256.hex(digest);
        }
    }
}
