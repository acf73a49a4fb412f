package dev.coi.kernel.incus;

import static dev.coi.kernel.incus.CannedRoutes.OPERATION;
import static dev.coi.kernel.incus.CannedRoutes.async;
import static dev.coi.kernel.incus.CannedRoutes.operation;
import static dev.coi.kernel.incus.CannedRoutes.sync;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target member for new containers ({@code incus.target}, {@code --target}): sent as {@code ?target=} with the
 * create request, checked against the server before, and deciding whether the containers run on this machine.
 */
class ClusterTargetTest {

    private static final String WAIT = "GET " + OPERATION + "/wait?timeout=30";
    private static final String MEMBERS = "GET /1.0/cluster/members";

    @TempDir
    Path dir;

    private final CannedRoutes routes = new CannedRoutes();
    private FakeIncus fake;

    private IncusClient client(String target) throws IOException {
        Path socket = dir.resolve("unix.socket");
        if (fake == null) {
            fake = new FakeIncus(socket, routes);
        }
        return new IncusClient(SocketLocation.of(socket), Duration.ofSeconds(5), Duration.ofMinutes(1), "default",
                target);
    }

    @AfterEach
    void stop() throws IOException {
        if (fake != null) {
            fake.close();
        }
    }

    private void server(boolean clustered, String name, String... members) {
        routes.on("GET /1.0", sync("{\"api_version\":\"1.0\",\"auth\":\"trusted\",\"environment\":{\"server_name\":\""
                + name + "\",\"server_clustered\":" + clustered + "}}"));
        StringBuilder urls = new StringBuilder("[");
        for (String member : members) {
            urls.append(urls.length() > 1 ? "," : "").append("\"/1.0/cluster/members/").append(member).append('"');
        }
        routes.on(MEMBERS, sync(urls.append(']').toString()));
    }

    private List<String> routesTaken() {
        return fake.requests().stream().map(request -> request.method() + " " + request.target()).toList();
    }

    @Test
    void theCreateRequestNamesTheTargetMemberAfterTheClusterIsChecked() throws IOException {
        server(true, "member1", "member1", "member2");
        routes.on("POST /1.0/instances?target=member2", async()).on(WAIT, sync(operation("Success", 200, "", "{}")));

        client("member2").create(InstanceSpec.fromAlias("c1", "img"));

        assertEquals(List.of("GET /1.0", MEMBERS, "POST /1.0/instances?target=member2", WAIT), routesTaken());
    }

    @Test
    void withoutATargetTheSchedulerPlacesAndNothingIsAsked() throws IOException {
        routes.on("POST /1.0/instances", async()).on(WAIT, sync(operation("Success", 200, "", "{}")));

        client(" ").create(InstanceSpec.fromAlias("c1", "img"));

        assertEquals(List.of("POST /1.0/instances", WAIT), routesTaken());
    }

    @Test
    void aTargetOnAServerThatIsNoClusterIsRefusedBeforeAnythingIsCreated() throws IOException {
        server(false, "laptop");
        IncusClient client = client("member1");

        IncusException refused = assertThrows(IncusException.class,
                () -> client.create(InstanceSpec.fromAlias("c1", "img")));

        assertEquals("cannot create containers on cluster member \"member1\" (--target, incus.target): this machine's"
                + " Incus is not a cluster. Leave out --target and incus.target", refused.getMessage());
        assertEquals(List.of("GET /1.0"), routesTaken());
    }

    @Test
    void aMemberTheClusterDoesNotHaveIsRefusedWithTheMembersItHas() throws IOException {
        server(true, "member1", "member1", "member2");
        IncusClient client = client("member9");

        IncusException refused = assertThrows(IncusException.class, client::host);

        assertTrue(refused.getMessage().contains("has no member \"member9\" (--target, incus.target); its members:"
                + " member1, member2"), refused.getMessage());
    }

    @Test
    void theLocalDaemonThatIsNoClusterRunsItsContainersHere() throws IOException {
        server(false, "laptop");

        assertEquals(ContainerHost.THIS_MACHINE, client(null).host());
    }

    @Test
    void onAClusterOnlyThisMachinesMemberIsHere() throws IOException {
        server(true, "member1", "member1", "member2");

        assertTrue(client("member1").host().here());
        ContainerHost other = client("member2").host();
        assertFalse(other.here());
        assertTrue(other.where().startsWith("member \"member2\" of the cluster at the socket "), other.where());
        assertEquals("that member is another machine (this machine is member \"member1\")", other.why());
        assertEquals("Choose this machine's member with --target member1 (or incus.target)", other.remedy());
    }

    @Test
    void withoutATargetOnAClusterOfSeveralMembersTheSchedulerMayChooseAnotherMachine() throws IOException {
        server(true, "member1", "member1", "member2");

        ContainerHost scheduled = client(null).host();

        assertFalse(scheduled.here());
        assertEquals("its scheduler picks one of its 2 members (member1, member2), which may be another machine",
                scheduled.why());
        assertEquals("Choose this machine's member with --target member1 (or incus.target)", scheduled.remedy());
    }

    @Test
    void withoutATargetTheOnlyMemberOfAClusterRunsThem() throws IOException {
        server(true, "member1", "member1");

        assertTrue(client(null).host().here());
    }
}
