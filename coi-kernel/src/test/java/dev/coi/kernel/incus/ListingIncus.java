package dev.coi.kernel.incus;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An Incus of a test in another package that lists the instances it is given and knows nothing else, with a client
 * for it: for code that only looks at what runs.
 */
public final class ListingIncus implements AutoCloseable {

    private final FakeIncus fake;
    private final IncusClient client;

    private ListingIncus(FakeIncus fake, IncusClient client) {
        this.fake = fake;
        this.client = client;
    }

    /**
     * @param socket where the fake listens
     * @param instancesJson the answer's metadata for {@code GET /1.0/instances?recursion=1}, a JSON array
     */
    public static ListingIncus listing(Path socket, String instancesJson) throws IOException {
        CannedRoutes routes = new CannedRoutes().on("GET /1.0/instances?recursion=1", CannedRoutes.sync(instancesJson));
        FakeIncus fake = new FakeIncus(socket, routes);
        return new ListingIncus(fake, new IncusClient(SocketLocation.of(socket), Duration.ofSeconds(5),
                Duration.ofSeconds(5)));
    }

    public IncusClient client() {
        return client;
    }

    @Override
    public void close() throws IOException {
        fake.close();
    }
}
