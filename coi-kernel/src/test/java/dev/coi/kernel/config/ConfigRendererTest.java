package dev.coi.kernel.config;

import static dev.coi.kernel.config.ConfigFixture.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigRendererTest {

    @TempDir
    Path root;

    ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(root);
        write(fixture.userFile, """
                [defaults]
                persistent = true
                environment = { RUST_BACKTRACE = "1", NOTE = "a \\"quoted\\" value" }
                [network]
                allowed_domains = ["github.com"]
                [[mounts.default]]
                host = "~/.aws"
                container = "/home/code/.aws"
                [limits.runtime]
                max_duration = "90m"
                """);
    }

    @Test
    void tomlGroupsKeysUnderTheirTables() throws ConfigException {
        String toml = ConfigRenderer.toToml(fixture.config(), false);

        assertTrue(toml.startsWith("[defaults]\nimage = \"coi\"\npersistent = true\n"), toml);
        assertTrue(toml.contains("\n[network.logging]\nenabled = true\n"), toml);
        assertTrue(toml.contains("\n[[mounts.default]]\nhost = \"" + fixture.home.resolve(".aws")
                + "\"\ncontainer = \"/home/code/.aws\"\n"), toml);
        assertTrue(toml.contains("\nmax_duration = \"1h30m\"\n"), toml);
        assertTrue(toml.contains("\nsocket = \"\"\n"), toml);
        assertTrue(!toml.contains("#"), toml);
    }

    @Test
    void tomlWithOriginsCommentsEveryValue() throws ConfigException {
        String toml = ConfigRenderer.toToml(fixture.config(), true);

        assertTrue(Pattern.compile("\nimage = \"coi\" +# default\n").matcher(toml).find(), toml);
        assertTrue(Pattern.compile("\npersistent = true +# " + Pattern.quote(fixture.userFile.toString()) + "\n")
                .matcher(toml).find(), toml);
        assertTrue(toml.contains("\n# mounts.default from: " + fixture.userFile + "\n[[mounts.default]]\n"), toml);
    }

    @Test
    void theTomlReadsBackToTheSameValues() throws ConfigException {
        CoiConfig config = fixture.config();
        Path copy = write(root.resolve("copy.toml"), ConfigRenderer.toToml(config, true));
        ConfigFixture other = new ConfigFixture(root.resolve("other"));
        other.env.put("COI_CONFIG", copy.toString());

        LoadedConfig reread = other.load();

        assertEquals(List.of(), reread.warnings());
        for (ConfigEntry entry : config.entries()) {
            assertEquals(entry.value(), reread.config().entry(entry.key()).orElseThrow().value(), entry.key());
        }
    }

    @Test
    void jsonHasOneMemberPerKeyWithValueAndOrigin() throws Exception {
        CoiConfig config = fixture.config();

        JsonNode json = new ObjectMapper().valueToTree(ConfigRenderer.toJson(config));

        assertEquals(config.entries().size(), json.size());
        assertEquals("defaults.image", json.fieldNames().next());
        assertEquals("coi", json.at("/defaults.image/value").asText());
        assertEquals("default", json.at("/defaults.image/origin").asText());
        assertTrue(json.at("/defaults.persistent/value").asBoolean());
        assertEquals(fixture.userFile.toString(), json.at("/defaults.persistent/origin").asText());
        assertEquals(30, json.at("/network.refresh_interval_minutes/value").asInt());
        assertEquals("github.com", json.at("/network.allowed_domains/value/0").asText());
        assertEquals("/home/code/.aws", json.at("/mounts.default/value/0/container").asText());
        assertEquals("1", json.at("/defaults.environment/value/RUST_BACKTRACE").asText());
        assertEquals("1h30m", json.at("/limits.runtime.max_duration/value").asText());
        assertTrue(json.at("/limits.cpu.count/value").isNull());
        assertEquals("restricted", json.at("/network.mode/value").asText());
    }
}
