package dev.coi.kernel.incus;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
        return listing(socket, instancesJson, List.of());
    }

    /**
     * @param socket where the fake listens
     * @param instancesJson the answer's metadata for {@code GET /1.0/instances?recursion=1}, a JSON array
     * @param unreadable instances whose own {@code GET ...?recursion=1} fails as Incus fails it now and then for a
     *                   container that is just stopping (HTTP 500, "Invalid PID")
     */
    public static ListingIncus listing(Path socket, String instancesJson, List<String> unreadable) throws IOException {
        CannedRoutes routes = new CannedRoutes().on("GET /1.0/instances?recursion=1", CannedRoutes.sync(instancesJson))
                // the default project is the only one
                .on("GET /1.0/instances?all-projects=true", CannedRoutes.sync("[]"));
        for (String name : unreadable) {
            routes.on("GET /1.0/instances/" + name + "?recursion=1", CannedRoutes.error(500, "Invalid PID '\u0000'"));
        }
        FakeIncus fake = new FakeIncus(socket, routes);
        return new ListingIncus(fake, new IncusClient(SocketLocation.of(socket), Duration.ofSeconds(5),
                Duration.ofSeconds(5)));
    }

    /**
     * An Incus whose default project holds the listed instances and another project one instance more, which only
     * {@code GET /1.0/instances?all-projects=true} names.
     *
     * @param instancesJson the default project's instances, as for {@link #listing(Path, String, List)}
     * @param project the other project
     * @param otherJson the other project's instance, with its state, as {@code GET /1.0/instances/<name>?recursion=1}
     *                  answers it
     */
    public static ListingIncus withAnotherProject(Path socket, String instancesJson, String project, String name,
            String otherJson) throws IOException {
        CannedRoutes routes = new CannedRoutes().on("GET /1.0/instances?recursion=1", CannedRoutes.sync(instancesJson))
                .on("GET /1.0/instances?all-projects=true", CannedRoutes.sync("[\"/1.0/instances/" + name
                        + "?project=" + project + "\"]"))
                .on("GET /1.0/instances/" + name + "?recursion=1&project=" + project, CannedRoutes.sync(otherJson));
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
