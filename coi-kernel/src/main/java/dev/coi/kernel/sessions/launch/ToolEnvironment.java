package dev.coi.kernel.sessions.launch;

import dev.coi.api.AiTool;
import dev.coi.kernel.config.CoiConfig;
import dev.coi.kernel.tools.DataDefinedTool;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The host variables a tool receives: only those the user named ({@code tool.NAME.env}, and the {@code env} of a
 * tool file), and of them only those set on the host. Nothing else of the host's environment enters a container.
 */
final class ToolEnvironment {

    private ToolEnvironment() {
    }

    /**
     * @param tool the tool
     * @param config the configuration
     * @param host the host's environment variables
     * @return the named variables that are set, in the order named
     */
    static Map<String, String> of(AiTool tool, CoiConfig config, Map<String, String> host) {
        Set<String> names = new LinkedHashSet<>();
        if (tool instanceof DataDefinedTool declared) {
            names.addAll(declared.environment());
        }
        names.addAll(config.toolEnvironment(tool.name()));
        Map<String, String> passed = new LinkedHashMap<>();
        for (String name : names) {
            String value = host.get(name);
            if (value != null) {
                passed.put(name, value);
            }
        }
        return passed;
    }
}
