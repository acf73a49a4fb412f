package dev.coi.kernel.incus;

import dev.coi.kernel.incus.http.HttpTransport;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** Where coi reaches Incus: the local daemon's unix socket, or a remote server the incus command line knows. */
public sealed interface IncusEndpoint permits SocketLocation, RemoteServer {

    /**
     * The HTTP client for the endpoint; nothing is connected yet.
     *
     * @param timeout how long a connect, read or write may wait unless a request says otherwise
     * @return the transport
     */
    HttpTransport transport(Duration timeout);

    /**
     * The endpoint in words, for messages: {@code the socket /var/lib/incus/unix.socket} or
     * {@code remote "big" (https://10.0.0.5:8443)}.
     *
     * @return the words
     */
    String describe();

    /**
     * Why no connection could be made, in an exception whose message says how to mend it.
     *
     * @param cause the system's or the TLS layer's reason
     * @return the exception
     */
    IncusUnavailableException unavailable(IOException cause);

    /**
     * The name of the incus command line's remote, for the commands coi runs through it ({@code incus exec
     * NAME:container}); empty for a socket.
     *
     * @return the remote's name
     */
    Optional<String> remoteName();

    /**
     * What to add to the server's refusal (HTTP 403) of a request: how to get trusted, where that is the likely cause.
     *
     * @return the words, starting with a space, or empty
     */
    String whenForbidden();

    /**
     * The Incus project coi works in here.
     *
     * @param configured {@code incus.project}; null, blank or {@code default} when not chosen
     * @return the project
     */
    default String project(String configured) {
        return configured == null || configured.isBlank() ? "default" : configured;
    }
}
