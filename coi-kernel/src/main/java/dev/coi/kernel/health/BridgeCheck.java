package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.NetworkInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code network_bridge}: the default profile's NIC is on a bridge that exists and gives containers an address. */
public final class BridgeCheck implements HealthCheck {

    private final IncusClient incus;

    public BridgeCheck(IncusClient incus) {
        this.incus = incus;
    }

    @Override
    public String name() {
        return "network_bridge";
    }

    @Override
    public String category() {
        return "NETWORKING";
    }

    @Override
    public HealthResult run(HostCommands host, HostProbe probe) {
        Optional<String> networkName = DefaultProfile.read(incus).flatMap(DefaultProfile::nicNetwork);
        if (networkName.isEmpty()) {
            return HealthResult.failed("the default profile has no network device, so containers have no network",
                    "incus profile device add default eth0 nic network=incusbr0 (incus network list shows the"
                            + " networks)");
        }
        String name = networkName.get();
        Optional<NetworkInfo> found = incus.network(name);
        if (found.isEmpty()) {
            return HealthResult.failed("network " + name + " of the default profile does not exist",
                    "create it: incus network create " + name);
        }
        NetworkInfo network = found.get();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("network", name);
        details.put("type", network.type());
        details.put("managed", Boolean.toString(network.managed()));
        network.config().entrySet().stream()
                .filter(entry -> entry.getKey().equals("ipv4.address") || entry.getKey().equals("ipv4.nat"))
                .forEach(entry -> details.put(entry.getKey(), entry.getValue()));
        if (!"bridge".equals(network.type())) {
            return new HealthResult(Status.WARNING, name + " is a " + network.type() + " network, not a bridge:"
                    + " coi's network isolation filters traffic forwarded from a bridge",
                    "put containers on a bridge: incus network create incusbr0, then incus profile device set default"
                            + " eth0 network=incusbr0", details);
        }
        if (network.managed() && network.ipv4Address().isEmpty()) {
            return new HealthResult(Status.WARNING, name + " has no IPv4 address, so containers get none",
                    "incus network set " + name + " ipv4.address=auto", details);
        }
        String address = network.config().getOrDefault("ipv4.address", "address set outside Incus");
        String nat = "true".equals(network.config().get("ipv4.nat")) ? ", NAT on" : "";
        return new HealthResult(Status.OK, name + " (" + (network.managed() ? "managed " : "") + "bridge, " + address
                + nat + ")", "", details);
    }
}
