package dev.coi.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A stand-in for the Incus daemon during the training run of the start-up cache: the reads the trained commands
 * make ({@code /1.0}, the instance list, one instance, the leases of {@code incusbr0}, the state of the instances
 * whose address those do not give) get canned answers, anything else Incus' "not found". So the cache holds what
 * parsing real answers loads, without an Incus on the build machine. {@code training-instances.json} holds the
 * instances as {@code recursion=2} shows them; the list and an instance are answered without their {@code state},
 * which only {@code /state} gives, as from Incus.
 */
final class CannedIncus implements AutoCloseable {

    private static final String SERVER = """
            {"api_version":"1.0","api_extensions":["instance_create_start"],"auth":"trusted",\
            "environment":{"server_version":"6.0.0","server_name":"training","kernel_version":"6.1.0",\
            "kernel_architecture":"x86_64","kernel_features":{"idmapped_mounts":"true"},\
            "storage":"btrfs","driver":"lxc"}}""";

    /**
     * The leases of {@code incusbr0}: the gateway, a lease left by a deleted container of the first instance's name
     * (another MAC address), the first instance's lease; none for the third instance, whose address its state gives.
     */
    private static final String LEASES = """
            [{"address":"10.0.3.1","hostname":"incusbr0.gw","hwaddr":"","location":"","type":"gateway"},\
            {"address":"10.0.3.99","hostname":"coi-0a1b2c3d-1","hwaddr":"00:16:3e:00:00:99","location":"none",\
            "type":"dynamic"},\
            {"address":"10.0.3.15","hostname":"coi-0a1b2c3d-1","hwaddr":"00:16:3e:00:00:01","location":"none",\
            "type":"dynamic"},\
            {"address":"fd42:1:2:3::15","hostname":"coi-0a1b2c3d-1","hwaddr":"00:16:3e:00:00:01","location":"none",\
            "type":"dynamic"}]""";

    /** The first of the canned instances, which the trained commands name. */
    static final String INSTANCE = "coi-0a1b2c3d-1";

    private final ServerSocketChannel server;
    private final Map<String, String> answers = new HashMap<>();
    private final Thread acceptor;

    private CannedIncus(ServerSocketChannel server, String instancesWithState) throws IOException {
        this.server = server;
        ArrayNode instances = (ArrayNode) new ObjectMapper().readTree(instancesWithState);
        for (JsonNode instance : instances) {
            JsonNode state = ((ObjectNode) instance).remove("state");
            if (state != null) {
                answers.put("/1.0/instances/" + instance.path("name").asText() + "/state", state.toString());
            }
        }
        answers.put("/1.0", SERVER);
        answers.put("/1.0/instances", instances.toString());
        answers.put("/1.0/instances/" + INSTANCE, instances.get(0).toString());
        answers.put("/1.0/networks/incusbr0/leases", LEASES);
        this.acceptor = Thread.ofPlatform().daemon().name("canned-incus").start(this::serve);
    }

    /** Listens on {@code socket}, which must not exist yet. */
    static CannedIncus listen(Path socket) throws IOException {
        String instances;
        try (InputStream in = CannedIncus.class.getResourceAsStream("training-instances.json")) {
            if (in == null) {
                throw new IOException("training-instances.json is missing from the training jar");
            }
            instances = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return new CannedIncus(server, instances);
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel connection = server.accept()) {
                String target = requestTarget(connection);
                connection.write(ByteBuffer.wrap(response(target).getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                if (server.isOpen()) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** The request line's target; the head is read to its end, a body the trained reads never send. */
    private static String requestTarget(SocketChannel connection) throws IOException {
        StringBuilder head = new StringBuilder();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (head.indexOf("\r\n\r\n") < 0 && connection.read(buffer.clear()) > 0) {
            head.append(StandardCharsets.ISO_8859_1.decode(buffer.flip()));
        }
        String[] requestLine = head.toString().split("\r\n", 2)[0].split(" ");
        return requestLine.length > 1 ? requestLine[1] : "";
    }

    private String response(String target) {
        String metadata = answers.get(target.split("\\?", 2)[0]);
        if (metadata != null) {
            return answer(metadata);
        }
        return "HTTP/1.1 404 Not Found\r\n" + body("""
                {"type":"error","status":"","status_code":0,"operation":"","error_code":404,\
                "error":"Instance not found","metadata":null}""");
    }

    private static String answer(String metadata) {
        return "HTTP/1.1 200 OK\r\n" + body("{\"type\":\"sync\",\"status\":\"Success\",\"status_code\":200,"
                + "\"operation\":\"\",\"error_code\":0,\"error\":\"\",\"metadata\":" + metadata + "}");
    }

    private static String body(String json) {
        return "Content-Type: application/json\r\nContent-Length: " + json.getBytes(StandardCharsets.UTF_8).length
                + "\r\nConnection: close\r\n\r\n" + json;
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
