package dev.coi.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigEnvironmentTest {

    @Test
    void filesComeInPrecedenceOrderWithCoiConfigRelativeToTheWorkingDirectory() {
        ConfigEnvironment environment = new ConfigEnvironment(Map.of("COI_CONFIG", "ci/coi.toml"),
                Path.of("/home/u"), Path.of("/work"), Path.of("/etc/coi/config.toml"));

        assertEquals(List.of(Path.of("/etc/coi/config.toml"), Path.of("/home/u/.config/coi/config.toml"),
                Path.of("/work/.coi.toml"), Path.of("/work/ci/coi.toml")), environment.configFiles());
    }

    @Test
    void theCurrentProcessStartsWithTheSystemFile() {
        ConfigEnvironment environment = ConfigEnvironment.ofCurrentProcess();

        assertEquals(ConfigEnvironment.SYSTEM_CONFIG_FILE, environment.configFiles().get(0));
        assertEquals(Path.of(System.getProperty("user.dir")).toAbsolutePath(), environment.workingDirectory());
    }
}
