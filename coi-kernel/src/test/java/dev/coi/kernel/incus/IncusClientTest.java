package dev.coi.kernel.incus;

import static dev.coi.kernel.incus.CannedRoutes.OPERATION;
import static dev.coi.kernel.incus.CannedRoutes.async;
import static dev.coi.kernel.incus.CannedRoutes.error;
import static dev.coi.kernel.incus.CannedRoutes.operation;
import static dev.coi.kernel.incus.CannedRoutes.sync;
import static dev.coi.kernel.incus.CannedRoutes.waitFailed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncusClientTest {

    private static final String WAIT = "GET " + OPERATION + "/wait?timeout=30";
    private static final String LOGS = "/1.0/instances/c1/logs/exec-output/exec_op1";
    private static final String OUTPUT = "{\"output\":{\"1\":\"" + LOGS + ".stdout\",\"2\":\"" + LOGS + ".stderr\"}";

    @TempDir
    Path dir;

    private final CannedRoutes routes = new CannedRoutes();
    private FakeIncus fake;
    private IncusClient client;

    private IncusClient client() throws IOException {
        return client(Duration.ofMinutes(1));
    }

    private IncusClient client(Duration operationTimeout) throws IOException {
        Path socket = dir.resolve("unix.socket");
        fake = new FakeIncus(socket, routes);
        client = new IncusClient(SocketLocation.of(socket), Duration.ofSeconds(5), operationTimeout);
        return client;
    }

    @AfterEach
    void stop() throws IOException {
        if (fake != null) {
            fake.close();
        }
    }

    private List<String> routesTaken() {
        return fake.requests().stream().map(request -> request.method() + " " + request.target()).toList();
    }

    private JsonNode jsonBodyOf(int request) throws IOException {
        return IncusJson.MAPPER.readTree(fake.requests().get(request).body());
    }

    @Test
    void readsTheServerInformation() throws IOException {
        routes.on("GET /1.0", sync("{\"api_version\":\"1.0\",\"api_extensions\":[\"instance_create_start\"],"
                + "\"auth\":\"trusted\",\"something_new\":1,\"environment\":{\"server_version\":\"6.0.4\","
                + "\"kernel_features\":{\"idmapped_mounts\":\"true\"},\"storage\":\"btrfs\"}}"));

        ServerInfo info = client().server();

        assertEquals("1.0", info.apiVersion());
        assertEquals("trusted", info.auth());
        assertTrue(info.hasExtension("instance_create_start"));
        assertEquals("6.0.4", info.environment().serverVersion());
        assertEquals("btrfs", info.environment().storage());
        assertTrue(info.environment().idmappedMounts());
    }

    @Test
    void aMissingInstanceIsEmpty() throws IOException {
        routes.on("GET /1.0/instances/nope",
                error(404, "Failed to fetch instance \"nope\" in project \"default\": Instance not found"));

        assertTrue(client().instance("nope").isEmpty());
    }

    @Test
    void readsAnInstanceWithItsState() throws IOException {
        routes.on("GET /1.0/instances/c1?recursion=1", sync("{\"name\":\"c1\",\"status\":\"Running\",\"type\":"
                + "\"container\",\"config\":{\"user.coi.slot\":\"1\"},\"devices\":{},\"profiles\":[\"default\"],"
                + "\"created_at\":\"2026-11-26T20:30:18.894460388Z\",\"state\":{\"status\":\"Running\","
                + "\"status_code\":103,\"pid\":42,\"network\":{\"eth0\":{\"addresses\":[{\"family\":\"inet\","
                + "\"address\":\"10.1.2.3\",\"netmask\":\"24\",\"scope\":\"global\"}],\"state\":\"up\"}}}}"));

        Instance instance = client().instanceWithState("c1").orElseThrow();

        assertTrue(instance.isRunning());
        assertEquals("1", instance.config().get("user.coi.slot"));
        assertEquals(2026, instance.createdAt().atZone(ZoneOffset.UTC).getYear());
        assertEquals(42, instance.state().pid());
        assertEquals("10.1.2.3", instance.state().network().get("eth0").addresses().get(0).address());
    }

    @Test
    void everyRequestOfAClientInAProjectNamesIt() throws IOException {
        routes.on("GET /1.0/instances/c1?project=coi-test", sync("{\"name\":\"c1\",\"status\":"
                + "\"Running\",\"type\":\"container\",\"config\":{},\"devices\":{},\"profiles\":[\"default\"],"
                + "\"created_at\":\"2026-11-26T20:30:18.894460388Z\"}"));
        routes.on("GET /1.0/profiles/default?project=coi-test", sync("{\"name\":\"default\",\"devices\":{}}"));
        client();
        IncusClient inProject = new IncusClient(SocketLocation.of(dir.resolve("unix.socket")), Duration.ofSeconds(5),
                Duration.ofMinutes(1), "coi-test");

        assertTrue(inProject.instance("c1").isPresent());
        inProject.profileDevices("default");
        // without the parameter Incus would answer for the default project: its containers, its profile
        inProject.instanceWithState("c1");
        assertEquals(List.of("GET /1.0/instances/c1?project=coi-test",
                "GET /1.0/profiles/default?project=coi-test", "GET /1.0/instances/c1?recursion=1&project=coi-test"),
                routesTaken());
    }

    @Test
    void anInstanceOfAnotherProjectIsFoundThroughTheListOfAllProjects() throws IOException {
        routes.on("GET /1.0/instances/c1?recursion=1&project=mine", error(404, "Instance not found"));
        routes.on("GET /1.0/instances?all-projects=true", sync("[\"/1.0/instances/c1?project=other\","
                + "\"/1.0/instances/c2\",\"/1.0/instances/c1x?project=other\"]"));
        routes.on("GET /1.0/instances/c1?recursion=1&project=other", sync("{\"name\":\"c1\",\"status\":"
                + "\"Running\",\"type\":\"container\",\"config\":{},\"devices\":{},\"profiles\":[\"default\"],"
                + "\"created_at\":\"2026-11-26T20:30:18.894460388Z\"}"));
        client();
        IncusClient inProject = new IncusClient(SocketLocation.of(dir.resolve("unix.socket")), Duration.ofSeconds(5),
                Duration.ofMinutes(1), "mine");

        List<Instance> found = inProject.instancesWithStateInAnyProject("c1");

        assertEquals(List.of("c1"), found.stream().map(Instance::name).toList());
        // the list of all projects must not name one: Incus refuses both at once
        assertEquals(List.of("GET /1.0/instances/c1?recursion=1&project=mine", "GET /1.0/instances?all-projects=true",
                "GET /1.0/instances/c1?recursion=1&project=other"), routesTaken());
    }

    @Test
    void readsTheStateAloneAndAMissingInstanceHasNone() throws IOException {
        routes.on("GET /1.0/instances/c1/state", sync("{\"status\":\"Running\",\"status_code\":103,\"pid\":42,"
                + "\"network\":{\"eth0\":{\"addresses\":[{\"family\":\"inet\",\"address\":\"10.1.2.3\","
                + "\"netmask\":\"24\",\"scope\":\"global\"}],\"state\":\"up\",\"hwaddr\":\"10:66:6a:00:00:01\"}}}"));

        InstanceState state = client().instanceState("c1").orElseThrow();

        assertEquals(42, state.pid());
        assertEquals("10.1.2.3", state.network().get("eth0").addresses().get(0).address());
        assertTrue(client.instanceState("nope").isEmpty());
    }

    @Test
    void readsTheLeasesOfANetwork() throws IOException {
        routes.on("GET /1.0/networks/incusbr0/leases", sync("[{\"address\":\"10.123.45.1\",\"hostname\":"
                + "\"incusbr0.gw\",\"hwaddr\":\"\",\"location\":\"\",\"type\":\"gateway\"},{\"address\":"
                + "\"10.123.45.18\",\"hostname\":\"c1\",\"hwaddr\":\"10:66:6a:82:18:24\",\"location\":\"none\","
                + "\"type\":\"dynamic\"},{\"address\":\"fd42::5\",\"hostname\":\"c1\",\"hwaddr\":"
                + "\"10:66:6a:82:18:24\",\"type\":\"dynamic\"}]"));

        List<NetworkLease> leases = client().networkLeases("incusbr0");

        assertEquals(new NetworkLease("c1", "10:66:6a:82:18:24", "10.123.45.18", "dynamic", "none"), leases.get(1));
        assertEquals(List.of(true, false, true), leases.stream().map(lease -> lease.location().isEmpty()).toList());
        assertEquals(List.of(true, true, false), leases.stream().map(NetworkLease::isIpv4).toList());
        assertEquals(List.of("10.123.45.1", "10.123.45.18", "fd42::5"), client.networkLeaseAddresses("incusbr0"));
        assertEquals(List.of(), client.networkLeases("nonet"));
    }

    @Test
    void createsAndStartsInOneRequestThenWaitsForTheOperation() throws IOException {
        routes.on("POST /1.0/instances", async())
                .on(WAIT, sync(operation("Running", 103, "", "null")), sync(operation("Success", 200, "", "{}")));

        client().create(InstanceSpec.fromAlias("c1", "img").withStart(true).withEphemeral(true)
                .withConfig(Map.of("security.nesting", "true"))
                .withDevices(Map.of("ws", Map.of("type", "disk", "source", "/src", "path", "/workspace"))));

        assertEquals(List.of("POST /1.0/instances", WAIT, WAIT), routesTaken());
        JsonNode body = jsonBodyOf(0);
        assertEquals("c1", body.path("name").asText());
        assertEquals("img", body.path("source").path("alias").asText());
        assertEquals("image", body.path("source").path("type").asText());
        assertTrue(body.path("start").asBoolean());
        assertTrue(body.path("ephemeral").asBoolean());
        assertEquals("true", body.path("config").path("security.nesting").asText());
        assertEquals("/workspace", body.path("devices").path("ws").path("path").asText());
        assertTrue(body.path("profiles").isMissingNode(), "no profiles given: the server applies its default");
    }

    @Test
    void aDuplicateNameIsAConflictEvenWhenIncusOnlyNoticesInTheOperation() throws IOException {
        String unique = "Failed creating instance record: Add instance info to the database:"
                + " UNIQUE constraint failed: instances.project_id, instances.name";
        routes.on("POST /1.0/instances", async()).on(WAIT, waitFailed(unique))
                .on("GET " + OPERATION, sync(operation("Failure", 400, unique, "null")));

        IncusConflictException conflict = assertThrows(IncusConflictException.class,
                () -> client().create(InstanceSpec.fromAlias("c1", "img")));

        assertEquals(409, conflict.statusCode());
        assertTrue(conflict.getMessage().contains("an instance named c1 exists already"), conflict.getMessage());
    }

    @Test
    void aSyncConflictIsAConflict() throws IOException {
        routes.on("POST /1.0/images/aliases", error(409, "Alias \"a\" already exists"));

        IncusConflictException conflict = assertThrows(IncusConflictException.class,
                () -> client().images().createAlias("a", "abc", ""));

        assertEquals("Alias \"a\" already exists", conflict.incusError());
    }

    @Test
    void aFailedOperationCarriesIncusErrorText() throws IOException {
        routes.on("PUT /1.0/instances/c1/state", async())
                .on(WAIT, sync(operation("Failure", 400, "Failed to start: no root disk", "null")));

        IncusOperationException failure = assertThrows(IncusOperationException.class, () -> client().start("c1"));

        assertEquals(400, failure.statusCode());
        assertEquals("Failed to start: no root disk", failure.incusError());
        assertEquals("Incus could not start instance c1: Failed to start: no root disk", failure.getMessage());
    }

    @Test
    void anOperationThatRunsTooLongTimesOut() throws IOException {
        routes.on("DELETE /1.0/instances/c1", async())
                .on("GET " + OPERATION + "/wait?timeout=1", sync(operation("Running", 103, "", "null")));

        IncusTimeoutException timeout = assertThrows(IncusTimeoutException.class,
                () -> client(Duration.ofMillis(300)).delete("c1"));

        assertTrue(timeout.getMessage().contains("delete instance c1"), timeout.getMessage());
    }

    @Test
    void anHttpErrorCarriesStatusAndText() throws IOException {
        routes.on("GET /1.0/instances?recursion=1", error(500, "database is locked"));

        IncusException failure = assertThrows(IncusException.class, () -> client().instances());

        assertEquals(500, failure.statusCode());
        assertEquals("database is locked", failure.incusError());
        assertEquals("Incus could not list the instances: database is locked (HTTP 500)", failure.getMessage());
    }

    @Test
    void anInstanceThatStopsByItselfWhileItIsKilledIsDeletedAllTheSame() throws IOException {
        routes.on("GET /1.0/instances/c1", sync("{\"name\":\"c1\",\"status\":\"Running\",\"type\":\"container\"}"),
                        sync("{\"name\":\"c1\",\"status\":\"Stopped\",\"type\":\"container\"}"))
                .on("PUT /1.0/instances/c1/state", async())
                .on("DELETE /1.0/instances/c1", async())
                .on(WAIT, sync(operation("Failure", 400, "The instance is already stopped", "null")),
                        sync(operation("Success", 200, "", "{}")));

        assertTrue(client().deleteForcibly("c1"));

        assertTrue(routesTaken().contains("DELETE /1.0/instances/c1"), routesTaken().toString());
    }

    @Test
    void stopsGracefullyWithATimeout() throws IOException {
        routes.on("PUT /1.0/instances/c1/state", async()).on(WAIT, sync(operation("Success", 200, "", "{}")));

        client().stop("c1", Duration.ofSeconds(20), false);

        JsonNode body = jsonBodyOf(0);
        assertEquals("stop", body.path("action").asText());
        assertEquals(20, body.path("timeout").asInt());
        assertFalse(body.path("force").asBoolean());
    }

    @Test
    void aGracefulStopNeedsAtLeastASecondBecauseIncusKillsOnZero() throws IOException {
        routes.on("PUT /1.0/instances/c1/state", async()).on(WAIT, sync(operation("Success", 200, "", "{}")));

        assertThrows(IllegalArgumentException.class, () -> client().stop("c1", Duration.ofMillis(500), false));
        client.stop("c1", Duration.ofMillis(500), true);

        assertEquals(1, fake.requests().stream().filter(request -> request.method().equals("PUT")).count());
        JsonNode body = jsonBodyOf(0);
        assertEquals(0, body.path("timeout").asInt());
        assertTrue(body.path("force").asBoolean());
    }

    @Test
    void execReturnsTheRecordedOutputAndDeletesTheLogs() throws IOException {
        routes.on("POST /1.0/instances/c1/exec", async())
                .on(WAIT, sync(operation("Success", 200, "", OUTPUT + ",\"return\":3}")))
                .on("GET " + LOGS + ".stdout", FakeIncus.Reply.of(200, "application/octet-stream", "out\n".getBytes()))
                .on("GET " + LOGS + ".stderr", FakeIncus.Reply.of(200, "application/octet-stream", "err\n".getBytes()))
                .on("DELETE " + LOGS + ".stdout", sync("{}"))
                .on("DELETE " + LOGS + ".stderr", sync("{}"));

        CommandResult result = client().exec("c1", List.of("sh", "-c", "exit 3"),
                new ExecOptions(1000, 1000, "/home/code", Map.of("HOME", "/home/code")));

        assertEquals(new CommandResult(3, "out\n", "err\n"), result);
        JsonNode body = jsonBodyOf(0);
        assertEquals("sh", body.path("command").path(0).asText());
        assertTrue(body.path("record-output").asBoolean());
        assertFalse(body.path("wait-for-websocket").asBoolean());
        assertFalse(body.path("interactive").asBoolean());
        assertEquals(1000, body.path("user").asInt());
        assertEquals(1000, body.path("group").asInt());
        assertEquals("/home/code", body.path("cwd").asText());
        assertEquals("/home/code", body.path("environment").path("HOME").asText());
        assertTrue(routesTaken().containsAll(List.of("DELETE " + LOGS + ".stdout", "DELETE " + LOGS + ".stderr")));
    }

    @Test
    void execMapsCommandNotFoundBackToExitCode127() throws IOException {
        routes.on("POST /1.0/instances/c1/exec", async())
                .on(WAIT, waitFailed("Command not found"))
                .on("GET " + OPERATION, sync(operation("Failure", 400, "Command not found", OUTPUT + ",\"return\":127}")))
                .on("GET " + LOGS + ".stdout", FakeIncus.Reply.of(200, "application/octet-stream", new byte[0]))
                .on("GET " + LOGS + ".stderr", FakeIncus.Reply.of(200, "application/octet-stream", new byte[0]))
                .on("DELETE " + LOGS + ".stdout", sync("{}"))
                .on("DELETE " + LOGS + ".stderr", sync("{}"));

        CommandResult result = client().exec("c1", List.of("nosuch"), ExecOptions.asRoot());

        assertEquals(new CommandResult(127, "", "nosuch: command not found\n"), result);
        assertTrue(routesTaken().containsAll(List.of("DELETE " + LOGS + ".stdout", "DELETE " + LOGS + ".stderr")));
    }

    @Test
    void execKeepsTheCommandsOwnStderrFor126() throws IOException {
        routes.on("POST /1.0/instances/c1/exec", async())
                .on(WAIT, waitFailed("Command not executable"))
                .on("GET " + OPERATION, sync(operation("Failure", 400, "Command not executable",
                        OUTPUT + ",\"return\":126}")))
                .on("GET " + LOGS + ".stdout", FakeIncus.Reply.of(200, "application/octet-stream", new byte[0]))
                .on("GET " + LOGS + ".stderr", FakeIncus.Reply.of(200, "application/octet-stream",
                        "sh: /x: Permission denied\n".getBytes()))
                .on("DELETE " + LOGS + ".stdout", sync("{}"))
                .on("DELETE " + LOGS + ".stderr", sync("{}"));

        CommandResult result = client().exec("c1", List.of("sh", "-c", "exec /x"), ExecOptions.asRoot());

        assertEquals(new CommandResult(126, "", "sh: /x: Permission denied\n"), result);
    }

    @Test
    void execMapsByTheErrorTextWhenTheOperationIsAlreadyForgotten() throws IOException {
        routes.on("POST /1.0/instances/c1/exec", async()).on(WAIT, waitFailed("Command not executable"));

        CommandResult result = client().exec("c1", List.of("/etc/passwd"), ExecOptions.asRoot());

        assertEquals(126, result.exitCode());
        assertTrue(result.stderr().startsWith("/etc/passwd: cannot execute"), result.stderr());
    }

    @Test
    void execThatKeepsLosingItsChildIsTriedFourTimesThenAnOperationError() throws IOException {
        routes.on("POST /1.0/instances/c1/exec", async()).on(WAIT, waitFailed("Failed to retrieve PID of executing child"
                + " process"));

        IncusOperationException failure = assertThrows(IncusOperationException.class,
                () -> client().exec("c1", List.of("true"), ExecOptions.asRoot()));

        assertEquals("Failed to retrieve PID of executing child process", failure.incusError());
        assertEquals(4, routesTaken().stream().filter("POST /1.0/instances/c1/exec"::equals).count(), routesTaken()
                ::toString);
    }

    @Test
    void aCommandThatMustNotRunTwiceIsNotTriedAgainWhenLostAndTheErrorSaysItMayHaveRun() throws IOException {
        routes.on("POST /1.0/instances/c1/exec", async()).on(WAIT, waitFailed("Failed to retrieve PID of executing child"
                + " process"));

        IncusOperationException failure = assertThrows(IncusOperationException.class,
                () -> client().execAtMostOnce("c1", List.of("tmux", "send-keys"), ExecOptions.asRoot(), null));

        assertEquals(1, routesTaken().stream().filter("POST /1.0/instances/c1/exec"::equals).count(), routesTaken()
                ::toString);
        assertTrue(failure.getMessage().contains("tmux in container c1"), failure.getMessage());
        assertTrue(failure.getMessage().contains("it may have run, so coi does not run it again"),
                failure.getMessage());
    }

    @Test
    void execFailingForAnotherReasonIsNotTriedAgain() throws IOException {
        routes.on("POST /1.0/instances/c1/exec", async()).on(WAIT, waitFailed("Instance is not running"));

        assertThrows(IncusOperationException.class, () -> client().exec("c1", List.of("true"), ExecOptions.asRoot()));

        assertEquals(1, routesTaken().stream().filter("POST /1.0/instances/c1/exec"::equals).count(), routesTaken()
                ::toString);
    }

    @Test
    void execOnAStoppedInstanceFailsRightAway() throws IOException {
        routes.on("POST /1.0/instances/c1/exec", error(400, "Instance is not running"));

        IncusException failure = assertThrows(IncusException.class,
                () -> client().exec("c1", List.of("true"), ExecOptions.asRoot()));

        assertEquals(400, failure.statusCode());
        assertTrue(failure.getMessage().contains("Instance is not running"), failure.getMessage());
    }

    @Test
    void importsATarballWithItsHeadersAndReturnsTheFingerprint() throws IOException {
        Path tarball = Files.write(dir.resolve("image.tar.gz"), new byte[] {1, 2, 3});
        routes.on("POST /1.0/images", async())
                .on(WAIT, sync(operation("Success", 200, "", "{\"fingerprint\":\"f00d\",\"size\":3}")));

        String fingerprint = client().images().importTarball(tarball, List.of("coi test"),
                Map.of("description", "a b&c"), false);

        assertEquals("f00d", fingerprint);
        FakeIncus.Request upload = fake.requests().get(0);
        assertEquals("3", upload.headers().get("Content-Length"));
        assertEquals("application/octet-stream", upload.headers().get("Content-Type"));
        assertEquals("description=a+b%26c", upload.headers().get("X-Incus-Properties"));
        assertEquals("alias=coi+test", upload.headers().get("X-Incus-Aliases"));
        assertEquals("false", upload.headers().get("X-Incus-Public"));
    }

    @Test
    void encodesNamesAndPathsInTargets() throws IOException {
        routes.on("GET /1.0/images/aliases/debian%2F12", sync("{\"name\":\"debian/12\",\"target\":\"abc\"}"))
                .on("GET /1.0/instances/c1/files?path=/tmp/a%20b%26c", FakeIncus.Reply.of(200,
                        "application/octet-stream", "x".getBytes(), "X-Incus-Type: file", "X-Incus-Uid: 1000",
                        "X-Incus-Gid: 1001", "X-Incus-Mode: 0640"));

        assertEquals("abc", client().images().alias("debian/12").orElseThrow().target());
        ContainerFile file = client.files().read("c1", "/tmp/a b&c");
        assertEquals(1000, file.uid());
        assertEquals(1001, file.gid());
        assertEquals(0640, file.mode());
        assertEquals("x", file.text());
    }

    @Test
    void aRemoteImageIsPulledByIncusFromItsServer() throws IOException {
        routes.on("POST /1.0/instances", async()).on(WAIT, sync(operation("Success", 200, "", "{}")));

        client().create(InstanceSpec.fromRemote("b1", "https://images.example", "debian/12"));

        JsonNode source = jsonBodyOf(0).path("source");
        assertEquals("image", source.path("type").asText());
        assertEquals("pull", source.path("mode").asText());
        assertEquals("https://images.example", source.path("server").asText());
        assertEquals("simplestreams", source.path("protocol").asText());
        assertEquals("debian/12", source.path("alias").asText());
    }

    @Test
    void publishesAnInstanceAndReportsProgressWhileItRuns() throws IOException {
        String running = operation("Running", 103, "", "{\"create_image_from_container_pack_progress\":"
                + "\"Image pack: 42% (27.82MB/s)\",\"progress\":{\"percent\":\"42\"}}");
        routes.on("POST /1.0/images", async())
                .on("GET " + OPERATION + "/wait?timeout=1", sync(running),
                        sync(operation("Success", 200, "", "{\"fingerprint\":\"f00d\",\"size\":\"3\"}")));
        List<String> seen = new ArrayList<>();

        String fingerprint = client().images().publish("c1", Map.of("description", "d"), seen::add);

        assertEquals("f00d", fingerprint);
        assertEquals(List.of("Image pack: 42% (27.82MB/s)"), seen);
        JsonNode body = jsonBodyOf(0);
        assertEquals("instance", body.path("source").path("type").asText());
        assertEquals("c1", body.path("source").path("name").asText());
        assertEquals("d", body.path("properties").path("description").asText());
        assertTrue(body.path("aliases").isMissingNode(), "aliases are set apart, after the image exists");
    }

    @Test
    void retargetsAnAliasInOneRequest() throws IOException {
        routes.on("PUT /1.0/images/aliases/coi", sync("{}"));

        client().images().retarget("coi", "f00d", "coi image");

        assertEquals(List.of("PUT /1.0/images/aliases/coi"), routesTaken());
        assertEquals("f00d", jsonBodyOf(0).path("target").asText());
    }

    @Test
    void aWaitWhoseOwnTimeRunsOutIsNoFailureWhileTheOperationRuns() throws IOException {
        routes.on("POST /1.0/instances", async())
                .on(WAIT, waitFailed("context deadline exceeded"), sync(operation("Success", 200, "", "{}")))
                .on("GET " + OPERATION, sync(operation("Running", 103, "", "null")));

        client().create(InstanceSpec.fromAlias("c1", "img"));

        assertEquals(List.of("POST /1.0/instances", WAIT, "GET " + OPERATION, WAIT), routesTaken());
    }
}
