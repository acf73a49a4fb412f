package dev.coi.kernel.incus;

import dev.coi.kernel.incus.http.HttpTransport;
import dev.coi.kernel.incus.http.TlsHttp;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * A remote Incus server of the incus command line, reached over HTTPS with the client certificate that command line
 * uses.
 *
 * @param name the remote's name in the command line's configuration
 * @param address its {@code https://host:port} address
 * @param project the remote's project from that configuration, or blank
 * @param tls the client's key and certificate and the server's trust
 * @param pinned whether the server's own stored certificate is trusted (the usual case) rather than the JDK's
 *               authorities, which also check the host name
 * @param configDir the command line's configuration folder, for messages
 * @param thisMachine the socket of this machine's own daemon, to tell whether the remote is that daemon
 */
public record RemoteServer(String name, URI address, String project, SSLContext tls, boolean pinned, Path configDir,
        SocketLocation thisMachine) implements IncusEndpoint {

    /** The default port of an Incus server's HTTPS listener. */
    static final int DEFAULT_PORT = 8443;

    /**
     * Checks the components.
     *
     * @param name the remote's name
     * @param address its address
     * @param project its project, or blank
     * @param tls the TLS context
     * @param pinned whether the server's certificate is pinned
     * @param configDir the configuration folder
     * @param thisMachine the local socket
     */
    public RemoteServer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(thisMachine, "thisMachine");
        project = project == null ? "" : project;
    }

    @Override
    public HttpTransport transport(Duration timeout) {
        return new TlsHttp(address.getHost().replaceAll("^\\[|]$", ""),
                address.getPort() < 0 ? DEFAULT_PORT : address.getPort(), tls, !pinned, timeout);
    }

    @Override
    public String describe() {
        return "remote \"" + name + "\" (" + address + ")";
    }

    /** {@inheritDoc} Where coi's configuration leaves the default project, the remote's own, as for the incus command. */
    @Override
    public String project(String configured) {
        boolean unset = configured == null || configured.isBlank() || configured.equals("default");
        return unset && !project.isBlank() ? project : IncusEndpoint.super.project(configured);
    }

    @Override
    public Optional<String> remoteName() {
        return Optional.of(name);
    }

    @Override
    public IncusUnavailableException unavailable(IOException cause) {
        if (cause instanceof SSLException) {
            if (String.valueOf(rootMessage(cause)).contains(PinnedCertificate.REFUSAL)) {
                return new IncusUnavailableException(IncusUnavailableException.Reason.NOT_TRUSTED,
                        "The server at " + address + " is not the one coi knows as remote \"" + name + "\": it presented"
                                + " a certificate other than " + configDir.resolve("servercerts").resolve(name + ".crt")
                                + ". If its certificate changed on purpose, add the remote again (`incus remote remove "
                                + name + "` and `incus remote add " + name + " " + address + "`) and check the"
                                + " fingerprint it shows.", cause);
            }
            return new IncusUnavailableException(IncusUnavailableException.Reason.NOT_TRUSTED,
                    "The TLS handshake with remote \"" + name + "\" at " + address + " failed: " + rootMessage(cause)
                            + ". Check that the server trusts this client (" + configDir.resolve("client.crt")
                            + "; on the server: `incus config trust list`) and that `incus remote list` shows the remote"
                            + " as you expect.", cause);
        }
        if (cause instanceof ConnectException) {
            return new IncusUnavailableException(IncusUnavailableException.Reason.NOT_RUNNING,
                    "Nothing answers at " + address + " (remote \"" + name + "\"): " + cause.getMessage()
                            + ". Check that Incus runs there and listens on that address (on the server: `incus config"
                            + " get core.https_address`).", cause);
        }
        if (cause instanceof UnknownHostException) {
            return new IncusUnavailableException(IncusUnavailableException.Reason.OTHER,
                    "The host of remote \"" + name + "\" (" + address + ") is unknown: " + cause.getMessage()
                            + ". Mend its address with `incus remote set-url " + name + " https://HOST:PORT`.", cause);
        }
        if (cause instanceof SocketTimeoutException) {
            return new IncusUnavailableException(IncusUnavailableException.Reason.OTHER,
                    "Remote \"" + name + "\" at " + address + " did not answer in time: check the network path to it.",
                    cause);
        }
        return new IncusUnavailableException(IncusUnavailableException.Reason.OTHER,
                "Cannot connect to remote \"" + name + "\" at " + address + ": " + cause.getMessage(), cause);
    }

    /** {@inheritDoc} An Incus server refuses so a client whose certificate it does not trust. */
    @Override
    public String whenForbidden() {
        return " (remote \"" + name + "\" may not trust this client's certificate " + configDir.resolve("client.crt")
                + ": on the server, `incus config trust add-certificate client.crt` with that file, or make a token"
                + " there with `incus config trust add NAME` and run `incus remote add " + name + " " + address
                + " --token TOKEN` here)";
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
