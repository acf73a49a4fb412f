package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.IncusUnavailableException;
import dev.coi.kernel.incus.ServerInfo;
import dev.coi.kernel.incus.SocketLocation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** {@code incus}: the daemon answers on its socket, and which version it is. */
public final class IncusCheck implements HealthCheck {

    private final IncusClient incus;
    private final SocketLocation socket;

    public IncusCheck(IncusClient incus, SocketLocation socket) {
        this.incus = incus;
        this.socket = socket;
    }

    @Override
    public String name() {
        return "incus";
    }

    @Override
    public String category() {
        return "CRITICAL";
    }

    @Override
    public HealthResult run(HostCommands host, HostProbe probe) {
        ServerInfo server;
        try {
            server = incus.server();
        } catch (IncusUnavailableException e) {
            // its message names the socket and the way to install, start or get access to Incus
            return HealthResult.failed("Incus cannot be reached at " + socket.socket() + " (" + socket.origin() + ")",
                    e.getMessage());
        } catch (IncusException e) {
            return HealthResult.failed("Incus at " + socket.socket() + " answered with an error: " + e.getMessage(),
                    "look at the Incus daemon's log; restarting it often helps");
        }
        ServerInfo.Environment environment = server.environment();
        String version = Objects.requireNonNullElse(environment.serverVersion(), "(unknown version)");
        Map<String, String> details = new LinkedHashMap<>();
        details.put("version", version);
        details.put("api_version", String.valueOf(server.apiVersion()));
        details.put("socket", socket.socket().toString());
        details.put("kernel", String.valueOf(environment.kernelVersion()));
        details.put("idmapped_mounts", String.valueOf(environment.idmappedMounts()));
        return new HealthResult(HealthResult.Status.OK, "Incus " + version + " at " + socket.socket(), "", details);
    }
}
