package dev.coi.kernel.incus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An Incus for tests in other packages that run the whole command line: it answers the GET requests it is given
 * with their metadata and every other request with Incus' "not found", and tells which requests it got.
 */
public final class AnsweringIncus implements AutoCloseable {

    private final CannedRoutes routes = new CannedRoutes();
    private final FakeIncus fake;

    private AnsweringIncus(Path socket) throws IOException {
        this.fake = new FakeIncus(socket, routes);
    }

    /** Listens on {@code socket}, which must not exist yet; point coi at it with {@code INCUS_SOCKET}. */
    public static AnsweringIncus listen(Path socket) throws IOException {
        return new AnsweringIncus(socket);
    }

    /**
     * Answers {@code GET target} (e.g. {@code /1.0/images?recursion=1}) with this metadata, a JSON value. Several
     * answers for one target are given out in turn, the last one again and again.
     */
    public AnsweringIncus get(String target, String metadataJson) {
        routes.on("GET " + target, CannedRoutes.sync(metadataJson));
        return this;
    }

    /**
     * Does {@code request} (e.g. {@code DELETE /1.0/instances/c1}) at once, as Incus does what it answers
     * synchronously.
     */
    public AnsweringIncus done(String request) {
        routes.on(request, CannedRoutes.sync("{}"));
        return this;
    }

    /** The requests so far, as {@code "METHOD target"}. */
    public List<String> requests() {
        return fake.requests().stream().map(request -> request.method() + " " + request.target()).toList();
    }

    @Override
    public void close() throws IOException {
        fake.close();
    }
}
