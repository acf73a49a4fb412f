package dev.coi.kernel.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.ServiceConfigurationError;
import org.junit.jupiter.api.Test;

class MissingApiTypeTest {

    @Test
    void aMissingApiTypeDeepInTheCauseChainIsNamedWithTheFix() {
        // as the service loader reports a plugin class whose constructor needs a removed type
        Throwable thrown = new ServiceConfigurationError("example.ExamplePlugin could not be instantiated",
                new NoClassDefFoundError("dev/coi/api/SessionStorage"));

        String message = MissingApiType.explain("old-store", thrown).orElseThrow();

        assertTrue(message.startsWith("plugin old-store uses dev.coi.api.SessionStorage, which coi-api "), message);
        assertTrue(message.contains("Plugin-Requires " + ApiRequirement.CURRENT_RANGE), message);
    }

    @Test
    void otherFailuresKeepTheirOwnMessage() {
        assertEquals(Optional.empty(), MissingApiType.explain("p", new NoClassDefFoundError("com/example/Gone")));
        assertEquals(Optional.empty(), MissingApiType.explain("p", new IllegalStateException("boom")));
        assertEquals(Optional.empty(), MissingApiType.explain("p", new NoClassDefFoundError()));
    }
}
