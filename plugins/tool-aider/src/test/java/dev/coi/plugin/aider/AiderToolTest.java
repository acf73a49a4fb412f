package dev.coi.plugin.aider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coi.api.ToolLaunch;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AiderToolTest {

    private final AiderTool tool = new AiderTool();

    @Test
    void resumingRestoresTheChatHistory() {
        assertEquals(List.of("aider", "--yes-always"), tool.commandLine(ToolLaunch.fresh("id")));
        assertEquals(List.of("aider", "--yes-always", "--restore-chat-history"),
                tool.commandLine(ToolLaunch.resumed("id", Optional.empty())));
    }
}
