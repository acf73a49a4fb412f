package org.example.coi.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.AiTool;
import dev.coi.api.CoiPlugin;
import dev.coi.api.ConfigOption;
import dev.coi.api.ExtensionConfig;
import dev.coi.api.ToolLaunch;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class HelloPluginTest {

    @Test
    void theServicesFileNamesThePlugin() {
        List<String> ids = ServiceLoader.load(CoiPlugin.class).stream().map(ServiceLoader.Provider::get)
                .map(CoiPlugin::id).toList();

        assertEquals(List.of("hello"), ids);
    }

    @Test
    void theToolGreetsWithTheSessionAndLeavesAShell() {
        AiTool tool = new HelloTool();

        List<String> fresh = tool.commandLine(ToolLaunch.fresh("s-1"));

        assertEquals(List.of("bash", "-c", "printf '%s\\n' \"$1\"; exec bash -l", "hello",
                "hello from the hello plugin, coi session s-1"), fresh);
        assertEquals("hello from the hello plugin, coi session s-1 (resumed)",
                tool.commandLine(ToolLaunch.resumed("s-1", java.util.Optional.empty())).getLast());
    }

    @Test
    void theGreetingIsTheConfiguredOne() {
        AiTool tool = new HelloTool();
        tool.configure(new ExtensionConfig() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T get(ConfigOption<T> option) {
                return (T) "hi there";
            }
        });

        assertEquals("hi there, coi session s-1", tool.commandLine(ToolLaunch.fresh("s-1")).getLast());
        assertEquals("hello", tool.configSection().orElseThrow().name());
    }

    @Test
    void aGreetingOnSeveralLinesIsRefused() {
        assertFalse(HelloTool.GREETING.accepts("hi\nthere"));
        assertTrue(HelloTool.GREETING.accepts("hi there"));
    }
}
