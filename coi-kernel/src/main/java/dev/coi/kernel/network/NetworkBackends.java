package dev.coi.kernel.network;

import dev.coi.api.Availability;
import dev.coi.api.HostCommands;
import dev.coi.api.NetworkBackend;
import dev.coi.api.NetworkMode;
import dev.coi.kernel.base.CoiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The network backends the plugins bring, and the choice of the one that enforces a mode on this host. */
final class NetworkBackends {

    private final List<NetworkBackend> backends;
    private final HostCommands host;
    private volatile NetworkBackend chosen;

    NetworkBackends(List<NetworkBackend> backends, HostCommands host) {
        this.backends = List.copyOf(backends);
        this.host = host;
    }

    /**
     * @throws CoiException saying what is missing and how to fix it, or to use {@code --network=open}
     */
    NetworkBackend forMode(NetworkMode mode) {
        NetworkBackend known = chosen;
        if (known != null && known.supportedModes().contains(mode)) {
            return known;
        }
        List<String> reasons = new ArrayList<>();
        for (NetworkBackend backend : backends) {
            if (!backend.supportedModes().contains(mode)) {
                continue;
            }
            Availability availability = backend.availability(host);
            if (availability.available()) {
                chosen = backend;
                return backend;
            }
            reasons.add(backend.name() + ": " + availability.detail() + "\n  fix: " + availability.fix());
        }
        if (reasons.isEmpty()) {
            throw CoiException.failure("network mode '" + mode.configName() + "' needs a network backend plugin, and"
                    + " none is installed that supports it; run without isolation with --network=open");
        }
        throw CoiException.failure("network isolation in " + mode.configName() + " mode cannot be put in place:\n  "
                + String.join("\n  ", reasons) + "\nor run without isolation: coi shell --network=open");
    }

    /** The backend that can remove rules now, if any: rules of an unavailable firewall are gone with it. */
    Optional<NetworkBackend> available() {
        NetworkBackend known = chosen;
        if (known != null) {
            return Optional.of(known);
        }
        for (NetworkBackend backend : backends) {
            if (backend.availability(host).available()) {
                chosen = backend;
                return Optional.of(backend);
            }
        }
        return Optional.empty();
    }

    HostCommands host() {
        return host;
    }
}
