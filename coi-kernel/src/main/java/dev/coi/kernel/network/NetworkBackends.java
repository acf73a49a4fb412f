package dev.coi.kernel.network;

import dev.coi.api.Availability;
import dev.coi.api.HostCommands;
import dev.coi.api.NetworkBackend;
import dev.coi.api.NetworkMode;
import dev.coi.kernel.base.CoiException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The network backends the plugins bring, and the choice of the one that enforces a mode on this host: the one
 * {@code network.backend} names, or with {@code auto} the fastest that works here. Rules already in place stay with
 * the backend that put them there (their record names it), whatever is chosen for new ones.
 */
final class NetworkBackends {

    /** The value of {@code network.backend} that lets coi choose. */
    static final String AUTO = "auto";

    /** Fastest first, so that {@code auto} asks the slow ones whether they work only when the fast ones do not. */
    private final List<NetworkBackend> backends;
    private final String preference;
    private final HostCommands host;
    /**
     * The backends found available, asked once per process (asking costs a host command, with firewalld up to a
     * second); one that is not is asked again, so that fixing it helps without restarting coi.
     */
    private final Map<String, Availability> available = new ConcurrentHashMap<>();

    /** @param preference {@code auto} or the name of a backend */
    NetworkBackends(List<NetworkBackend> backends, String preference, HostCommands host) {
        this.backends = backends.stream().sorted(Comparator.comparing(NetworkBackend::changeTime)).toList();
        this.preference = preference;
        this.host = host;
    }

    /**
     * The backend that puts new rules for the mode in place.
     *
     * @throws CoiException saying what is missing and how to fix it, or to use {@code --network=open}
     */
    NetworkBackend forMode(NetworkMode mode) {
        if (!preference.equals(AUTO)) {
            return named(mode);
        }
        List<String> reasons = new ArrayList<>();
        for (NetworkBackend backend : backends) {
            if (!backend.supportedModes().contains(mode)) {
                continue;
            }
            Availability found = availability(backend);
            if (found.available()) {
                return backend;
            }
            reasons.add(backend.name() + ": " + found.detail() + "\n  fix: " + found.fix());
        }
        if (reasons.isEmpty()) {
            throw CoiException.failure("network mode '" + mode.configName() + "' needs a network backend plugin, and"
                    + " none is installed that supports it; run without isolation with --network=open");
        }
        throw CoiException.failure("network isolation in " + mode.configName() + " mode cannot be put in place:\n  "
                + String.join("\n  ", reasons) + "\nor run without isolation: coi shell --network=open");
    }

    private NetworkBackend named(NetworkMode mode) {
        NetworkBackend backend = installed(preference).orElseThrow(() -> CoiException.failure("network.backend is \""
                + preference + "\", but no installed plugin brings a network backend of that name (installed: "
                + String.join(", ", names()) + "); set network.backend = \"auto\" or one of those"));
        if (!backend.supportedModes().contains(mode)) {
            throw CoiException.failure("network.backend " + preference + " cannot enforce " + mode.configName()
                    + " mode; set network.backend = \"auto\", or run with another --network mode");
        }
        Availability found = availability(backend);
        if (!found.available()) {
            throw CoiException.failure("network isolation in " + mode.configName() + " mode cannot be put in place"
                    + " with network.backend " + preference + ": " + found.detail() + "\n  fix: " + found.fix()
                    + "\nor set network.backend = \"auto\", or run without isolation: coi shell --network=open");
        }
        return backend;
    }

    /**
     * The backend that holds a record's rules: the one that put them in place, or for a record older than that
     * field the one that would be chosen for its mode now.
     *
     * @throws CoiException when that backend is not installed (any more) or cannot work here
     */
    NetworkBackend forRecord(NetworkRecord record) {
        if (record.backend() == null) {
            return forMode(record.mode());
        }
        NetworkBackend backend = installed(record.backend()).orElseThrow(() -> CoiException.failure("the rules of "
                + record.container() + " were put in place by the network backend " + record.backend()
                + ", which is not installed any more; reinstall its plugin, or end the session"));
        Availability found = availability(backend);
        if (!found.available()) {
            throw CoiException.failure("the rules of " + record.container() + " are in " + record.backend()
                    + ", which cannot be reached now: " + found.detail() + "; fix: " + found.fix());
        }
        return backend;
    }

    /** The installed backends that work here, fastest first: the only ones that can hold rules now. */
    List<NetworkBackend> available() {
        return backends.stream().filter(backend -> availability(backend).available()).toList();
    }

    Optional<NetworkBackend> installed(String name) {
        return backends.stream().filter(backend -> backend.name().equals(name)).findFirst();
    }

    List<String> names() {
        return backends.stream().map(NetworkBackend::name).toList();
    }

    String preference() {
        return preference;
    }

    HostCommands host() {
        return host;
    }

    private Availability availability(NetworkBackend backend) {
        Availability known = available.get(backend.name());
        if (known != null) {
            return known;
        }
        Availability found = backend.availability(host);
        if (found.available()) {
            available.put(backend.name(), found);
        }
        return found;
    }
}
