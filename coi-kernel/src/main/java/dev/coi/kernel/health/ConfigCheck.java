package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import dev.coi.kernel.config.ConfigException;
import dev.coi.kernel.config.ConfigProblem;
import dev.coi.kernel.config.LoadedConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** {@code config}: the configuration files load, without unknown keys or ignored settings. */
public final class ConfigCheck implements HealthCheck {

    private static final String SHOW = "coi config show --origin shows every setting and where it comes from";

    private final HealthResult result;

    private ConfigCheck(HealthResult result) {
        this.result = result;
    }

    public static ConfigCheck loaded(LoadedConfig config) {
        String files = config.filesRead().isEmpty() ? "built-in defaults, no config file"
                : config.filesRead().stream().map(Path::toString).collect(Collectors.joining(", "));
        if (config.warnings().isEmpty()) {
            return new ConfigCheck(HealthResult.ok("valid (" + files + ")"));
        }
        return new ConfigCheck(HealthResult.warning("valid with warnings: " + joined(config.warnings()),
                "change or remove the keys named at the places given; " + SHOW));
    }

    public static ConfigCheck invalid(ConfigException problem) {
        return new ConfigCheck(HealthResult.failed("invalid: " + joined(problem.problems()),
                "correct the values at the places given; " + SHOW));
    }

    @Override
    public String name() {
        return "config";
    }

    @Override
    public String category() {
        return "CONFIGURATION";
    }

    @Override
    public HealthResult run(HostCommands host, HostProbe probe) {
        return result;
    }

    private static String joined(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; "));
    }
}
