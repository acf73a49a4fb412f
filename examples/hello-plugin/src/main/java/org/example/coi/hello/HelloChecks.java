package org.example.coi.hello;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthCheckProvider;
import dev.coi.api.HealthResult;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import java.util.List;
import java.util.Map;

/** Contributes the {@code hello} check to {@code coi health}: it reads, never changes, the host. */
final class HelloChecks implements HealthCheckProvider {

    @Override
    public String name() {
        return "hello";
    }

    @Override
    public List<HealthCheck> healthChecks() {
        return List.of(new HealthCheck() {
            @Override
            public String name() {
                return "hello";
            }

            @Override
            public String category() {
                return "PLUGINS";
            }

            @Override
            public HealthResult run(HostCommands host, HostProbe probe) {
                String tool = probe.setting("tool.name").orElse("claude");
                String message = "the hello plugin is loaded; tool.name is " + tool
                        + (tool.equals("hello") ? "" : " (tool.name = \"hello\" starts its tool in sessions)");
                return new HealthResult(HealthResult.Status.OK, message, "", Map.of("tool", tool));
            }
        });
    }
}
