package dev.coi.kernel.health;

import dev.coi.api.AiTool;
import dev.coi.api.HealthCheck;
import dev.coi.api.HealthCheckProvider;
import dev.coi.api.NetworkMode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The kernel's checks of the configuration and what it selects: the network mode's backend and the AI tool.
 *
 * @param config whether the configuration loaded, and its warnings
 * @param mode the configured network mode; empty when the configuration did not load
 * @param networkBackend {@code network.backend}, or {@code auto} when the configuration did not load
 * @param backendFor the backend that enforces a mode here (see {@link NetworkModeCheck})
 * @param toolName the configured tool, or the default one when the configuration did not load
 * @param tools finds a tool by name
 * @param home the user's home
 * @param coiHome {@code ~/.coi}
 * @param clock tells whether the tool's credentials have expired
 */
record ConfigurationChecks(HealthCheck config, Optional<NetworkMode> mode, String networkBackend,
        Function<NetworkMode, String> backendFor,
        String toolName, Function<String, Optional<AiTool>> tools, Path home, Path coiHome, Clock clock)
        implements HealthCheckProvider {

    @Override
    public String name() {
        return "configuration";
    }

    @Override
    public List<HealthCheck> healthChecks() {
        return List.of(config, new NetworkModeCheck(mode, networkBackend, backendFor),
                new ToolCheck(toolName, tools, home, coiHome, clock));
    }
}
