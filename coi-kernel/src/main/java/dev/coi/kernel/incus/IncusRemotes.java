package dev.coi.kernel.incus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.coi.kernel.base.CoiException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The remotes of the incus command line ({@code config.yml} in {@code $INCUS_CONF}, else {@code ~/.config/incus}),
 * so that {@code coi --remote NAME} reaches the server {@code incus NAME:} does, with the same client certificate
 * ({@code client.crt}, {@code client.key}) and the server certificate stored when the remote was added
 * ({@code servercerts/NAME.crt}).
 */
public final class IncusRemotes {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path configDir;
    private final Function<String, SocketLocation> localSocket;

    /**
     * @param configDir the incus command line's configuration folder
     * @param localSocket the socket for a {@code unix://} remote's path, or for blank the usual local socket
     */
    public IncusRemotes(Path configDir, Function<String, SocketLocation> localSocket) {
        this.configDir = configDir;
        this.localSocket = localSocket;
    }

    /**
     * The folder the incus command line reads its configuration from.
     *
     * @param variables the environment's variables
     * @param home the user's home
     * @return {@code $INCUS_CONF}, else {@code ~/.config/incus}
     */
    public static Path configDir(Function<String, String> variables, Path home) {
        String set = variables.apply("INCUS_CONF");
        return set != null && !set.isBlank() ? Path.of(set) : home.resolve(".config").resolve("incus");
    }

    /**
     * Where a remote is reached.
     *
     * @param name the remote's name, as {@code incus remote list} shows it
     * @return its socket for a {@code unix://} remote, else the HTTPS server with this client's certificate
     * @throws CoiException when the remote is unknown, not an Incus server, or its certificates cannot be read;
     *                      the message says how to mend it
     */
    public IncusEndpoint endpoint(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw failure("\"" + name + "\" is not a remote's name (letters, digits, '.', '_' and '-')");
        }
        JsonNode remote = remotes().path(name);
        if (remote.isMissingNode() || !remote.isObject()) {
            throw failure("there is no remote \"" + name + "\" in " + configFile() + ". `incus remote list` shows the"
                    + " remotes; add one with `incus remote add " + name + " https://HOST:8443` (it asks you to"
                    + " accept the server's certificate, or takes a trust token with --token)");
        }
        String protocol = remote.path("protocol").asText("incus");
        if (!protocol.isEmpty() && !protocol.equals("incus")) {
            throw failure("remote \"" + name + "\" is an image server (" + protocol + "), not an Incus server that"
                    + " runs containers. Name a remote of protocol incus (`incus remote list`)");
        }
        String authType = remote.path("auth_type").asText("tls");
        if (!authType.isEmpty() && !authType.equals("tls")) {
            throw failure("remote \"" + name + "\" logs in with " + authType + "; coi reaches remotes with a TLS client"
                    + " certificate only. Add the server as a second remote with TLS: `incus remote add NAME "
                    + remote.path("addr").asText("https://HOST:8443") + " --auth-type=tls`");
        }
        String text = remote.path("addr").asText("");
        if (text.startsWith("unix://")) {
            // unix:// alone is the usual socket, which java.net.URI cannot even parse
            return localSocket.apply(text.substring("unix://".length()));
        }
        URI address = address(name, text);
        return new RemoteServer(name, address, remote.path("project").asText(""), tls(name), pinned(name).isPresent(),
                configDir, localSocket.apply(""));
    }

    private JsonNode remotes() {
        Path file = configFile();
        try {
            return YAML.readTree(Files.readString(file)).path("remotes");
        } catch (NoSuchFileException e) {
            throw failure("the incus command line has no configuration yet (" + file + "): add the server first with"
                    + " `incus remote add NAME https://HOST:8443`");
        } catch (IOException e) {
            throw failure("cannot read the incus command line's remotes from " + file + ": " + e.getMessage());
        }
    }

    private URI address(String name, String text) {
        try {
            URI address = new URI(text);
            if ("https".equals(address.getScheme()) && address.getHost() != null) {
                return address;
            }
        } catch (URISyntaxException e) {
            // said below
        }
        throw failure("remote \"" + name + "\" has the address \"" + text + "\" in " + configFile() + "; coi needs"
                + " https://HOST[:PORT] or unix://. Mend it with `incus remote set-url " + name + " https://HOST:8443`");
    }

    private SSLContext tls(String name) {
        Path certificate = configDir.resolve("client.crt");
        Path key = configDir.resolve("client.key");
        try {
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            List<X509Certificate> chain = PemFiles.certificates(certificate);
            identity.setKeyEntry("client", PemFiles.privateKey(key), new char[0],
                    chain.toArray(X509Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(identity, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust(name), null);
            return context;
        } catch (NoSuchFileException e) {
            throw failure("the client certificate of the incus command line is missing (" + e.getFile() + "): `incus"
                    + " remote add` makes it, or `incus remote generate-certificate`");
        } catch (IOException e) {
            throw failure("cannot use the client certificate for remote \"" + name + "\": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw failure("cannot set up TLS for remote \"" + name + "\": " + e.getMessage());
        }
    }

    private TrustManager[] trust(String name) throws IOException, GeneralSecurityException {
        Optional<Path> stored = pinned(name);
        if (stored.isPresent()) {
            return new TrustManager[] {new PinnedCertificate(PemFiles.certificates(stored.get()))};
        }
        TrustManagerFactory authorities = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        authorities.init((KeyStore) null);
        return authorities.getTrustManagers();
    }

    private Optional<Path> pinned(String name) {
        Path stored = configDir.resolve("servercerts").resolve(name + ".crt");
        return Files.isRegularFile(stored) ? Optional.of(stored) : Optional.empty();
    }

    private Path configFile() {
        return configDir.resolve("config.yml");
    }

    private static CoiException failure(String message) {
        return CoiException.failure("coi cannot use that Incus remote: " + message + ".");
    }
}
