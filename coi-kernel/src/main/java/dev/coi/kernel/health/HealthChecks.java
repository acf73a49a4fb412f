package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthCheckProvider;
import dev.coi.api.NetworkBackend;
import dev.coi.api.Progress;
import dev.coi.kernel.config.CoiConfig;
import dev.coi.kernel.config.ConfigException;
import dev.coi.kernel.config.LoadedConfig;
import dev.coi.kernel.config.ToolSettings;
import dev.coi.kernel.host.ProcessHostCommands;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.IncusEndpoint;
import dev.coi.kernel.network.SessionNetwork;
import dev.coi.kernel.plugin.PluginRegistry;
import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.SessionContainer;
import dev.coi.kernel.sessions.SessionFinisher;
import dev.coi.kernel.sessions.launch.HostEnvironments;
import dev.coi.kernel.sessions.manage.SavedSessions;
import dev.coi.kernel.sessions.manage.SessionContainers;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Assembles {@code coi health}: the kernel's checks come from providers of its own, one per area of the report, of
 * the same {@link HealthCheckProvider} kind a plugin implements; the plugins' providers follow them. A broken
 * configuration is the config check's failure, not the end of the others: they then use the default Incus socket
 * and image.
 */
public final class HealthChecks {

    /** Loads the configuration, which may be invalid. */
    @FunctionalInterface
    public interface ConfigSource {
        LoadedConfig load() throws ConfigException;
    }

    private HealthChecks() {
    }

    /**
     * @param config the configuration of this invocation
     * @param endpoint the Incus socket or remote for a configuration, or for none (it did not load)
     * @param coiHome {@code ~/.coi}
     * @param home the user's home
     * @param variables the process environment
     * @param plugins the plugins, loaded when first asked for
     * @param progress where warnings go
     * @throws dev.coi.kernel.base.CoiException (failure) from {@code endpoint}, when the workspace names the socket
     *         without consent
     */
    public static HealthService of(ConfigSource config, Function<Optional<LoadedConfig>, IncusEndpoint> endpoint,
            Path coiHome, Path home, Map<String, String> variables, Supplier<PluginRegistry> plugins,
            Progress progress) {
        Optional<LoadedConfig> loaded;
        HealthCheck configCheck;
        try {
            loaded = Optional.of(config.load());
            configCheck = ConfigCheck.loaded(loaded.get());
        } catch (ConfigException e) {
            loaded = Optional.empty();
            configCheck = ConfigCheck.invalid(e);
        }
        Optional<CoiConfig> valid = loaded.map(LoadedConfig::config);
        IncusEndpoint location = endpoint.apply(loaded);
        // no session lifecycle listens to it: no check stops or deletes a container (their list does not reap
        // stopped ones); the rules check removes only rules that no container's address holds any more
        IncusClient client = new IncusClient(location, HealthService.REQUEST_TIMEOUT, HealthService.REQUEST_TIMEOUT,
                location.project(valid.map(known -> known.incus().project()).orElse(null)));
        Clock clock = Clock.systemDefaultZone();
        PluginRegistry registry = plugins.get();
        String preference = valid.map(CoiConfig::networkBackend).orElse("auto");
        SessionNetwork network = SessionNetwork.of(client, registry.extensions(NetworkBackend.class), preference,
                new ProcessHostCommands(), coiHome, progress);
        Supplier<List<SessionContainer>> containers = once(() -> new SessionContainers(client,
                ContainerNames.fromEnvironment(variables),
                () -> new SessionFinisher(client, registry, coiHome, home, progress), progress).list());
        List<HealthCheckProvider> providers = new ArrayList<>(List.of(
                new HostChecks(client, location, valid.map(CoiConfig::image), valid.map(known -> known.tool().name()),
                        clock),
                new NetworkingChecks(client, network),
                new StorageChecks(coiHome, client),
                new ConfigurationChecks(configCheck, valid.map(known -> known.network().mode()), preference,
                        network::backendFor,
                        valid.map(known -> known.tool().name()).orElse(ToolSettings.REFERENCE_TOOL), registry::tool,
                        home, coiHome, clock),
                new StatusChecks(containers, new SavedSessions(coiHome)),
                new PluginChecks(registry)));
        providers.addAll(registry.extensions(HealthCheckProvider.class));
        return new HealthService(providers, new ProcessHostCommands(), new BridgeAwareProbe(
                HostEnvironments.probe(variables, valid), BridgeAwareProbe.of(client)), clock);
    }

    /** A supplier that asks once and then gives the same answer, so that two checks share one Incus request. */
    private static <T> Supplier<T> once(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
