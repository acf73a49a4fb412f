package dev.coi.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The configuration keys as documented: made from the schema, and committed as it makes them. */
class ConfigReferenceTest {

    /** Maven runs the tests in the module's folder. */
    private static final Path COMMITTED = Path.of("..", "docs", "configuration-keys.md");

    @Test
    void docsConfigurationKeysIsWhatTheSchemaMakes() throws IOException {
        String made = ConfigReference.markdown(ConfigFixture.BUNDLED);

        if (!Files.exists(COMMITTED) || !Files.readString(COMMITTED).equals(made)) {
            Path fresh = Files.writeString(Files.createDirectories(Path.of("target")).resolve("configuration-keys.md"),
                    made);
            fail("docs/configuration-keys.md is not what the configuration schema makes; after changing a key,"
                    + " bring it up to date with: cp coi-kernel/" + fresh + " docs/configuration-keys.md");
        }
    }

    @Test
    void everyKeyHasARowWithItsDefaultAndVariable() {
        String page = ConfigReference.markdown(ConfigFixture.BUNDLED);

        for (ConfigKey<?> key : ConfigSchema.KEYS) {
            assertTrue(page.contains("\n| `" + key.name() + "` | "), key::name);
        }
        assertTrue(page.contains("\n| `limits.cpu.count` | unset | `COI_LIMIT_CPU` | "), page);
        assertTrue(page.contains("\n| `network.mode` | `\"restricted\"` |  | "), page);
        assertTrue(page.contains("\n| `paths.sessions_dir` | `\"~/.coi/sessions\"` | `CLAUDE_ON_INCUS_SESSIONS_DIR` | "),
                page);
    }

    @Test
    void environmentVariablesNameTheKeyTheySet() {
        assertEquals("limits.cpu.count", ConfigReference.environmentVariables().get("COI_LIMIT_CPU"));
        assertEquals("defaults.image", ConfigReference.environmentVariables().get("CLAUDE_ON_INCUS_IMAGE"));
    }
}
