package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.IncusUnavailableException;
import dev.coi.kernel.incus.ServerInfo;
import dev.coi.kernel.incus.IncusEndpoint;
import dev.coi.kernel.incus.RemoteServer;
import dev.coi.kernel.incus.SocketLocation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** {@code incus}: the daemon answers on its socket or as a remote, trusts coi, and which version it is. */
public final class IncusCheck implements HealthCheck {

    private final IncusClient incus;
    private final IncusEndpoint endpoint;

    public IncusCheck(IncusClient incus, IncusEndpoint endpoint) {
        this.incus = incus;
        this.endpoint = endpoint;
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
            // its message names the socket or remote and the way to install, start, get access to or trust Incus
            return HealthResult.failed("Incus cannot be reached at " + where()
                    + (endpoint instanceof SocketLocation socket ? " (" + socket.origin() + ")" : ""), e.getMessage());
        } catch (IncusException e) {
            return HealthResult.failed("Incus at " + where() + " answered with an error: " + e.getMessage(),
                    "look at the Incus daemon's log; restarting it often helps");
        }
        if (!"trusted".equals(server.auth())) {
            return HealthResult.failed("Incus at " + where() + " does not trust this client (auth: " + server.auth()
                    + ")", endpoint.whenForbidden().strip().replaceAll("^\\(|\\)$", ""));
        }
        ServerInfo.Environment environment = server.environment();
        String version = Objects.requireNonNullElse(environment.serverVersion(), "(unknown version)");
        Map<String, String> details = new LinkedHashMap<>();
        details.put("version", version);
        details.put("api_version", String.valueOf(server.apiVersion()));
        switch (endpoint) {
            case SocketLocation socket -> details.put("socket", socket.socket().toString());
            case RemoteServer remote -> {
                details.put("remote", remote.name());
                details.put("address", remote.address().toString());
            }
        }
        details.put("kernel", String.valueOf(environment.kernelVersion()));
        details.put("idmapped_mounts", String.valueOf(environment.idmappedMounts()));
        return new HealthResult(HealthResult.Status.OK, "Incus " + version + " at " + where(), "", details);
    }

    private String where() {
        return switch (endpoint) {
            case SocketLocation socket -> socket.socket().toString();
            case RemoteServer remote -> "remote " + remote.name() + " (" + remote.address() + ")";
        };
    }
}
