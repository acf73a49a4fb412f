package dev.coi.kernel.network;

import dev.coi.api.ContainerEvent;
import dev.coi.api.Progress;
import dev.coi.api.SessionLifecycle;
import dev.coi.kernel.config.ConfigException;
import java.nio.file.Path;

/**
 * The network rules of a session container that was deleted, by whichever command. A stopped one keeps them: its
 * address is its own (static on its NIC), and rules that stay are in place before its next boot, whether
 * {@code coi} or a reboot from inside starts it.
 */
public final class NetworkRelease implements SessionLifecycle {

    /** The session network, made only for a container that had rules: making it loads the network plugins. */
    @FunctionalInterface
    public interface Network {
        SessionNetwork get() throws ConfigException;
    }

    private final Path coiHome;
    private final Network network;
    private final Progress progress;

    /** @param coiHome {@code ~/.coi}, where the rules are recorded */
    public NetworkRelease(Path coiHome, Network network, Progress progress) {
        this.coiHome = coiHome;
        this.network = network;
        this.progress = progress;
    }

    @Override
    public String name() {
        return "network-release";
    }

    @Override
    public void deleted(ContainerEvent container) {
        String name = container.container();
        if (!SessionNetwork.hasRecord(coiHome, name)) {
            return;
        }
        try {
            network.get().release(name);
        } catch (ConfigException e) {
            progress.warn("could not remove the network rules of " + name + ": " + e.getMessage());
        }
    }
}
