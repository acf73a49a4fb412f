package dev.coi.kernel.sessions.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TmuxSessionTest {

    @Test
    void theSessionIsNamedAfterTheContainerAndStartsInTheWorkspaceWithItsEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("HOME", "/home/code");
        environment.put("IS_SANDBOX", "1");
        environment.put("LIST", "a,b=c");

        List<String> argv = TmuxSession.newSessionCommand("coi-9dad1e4e-1", "claude --verbose; exec bash", environment);

        assertEquals(List.of("tmux", "new-session", "-d", "-s", "coi-9dad1e4e-1", "-c", "/workspace", "-x", "200", "-y",
                "50", "-e", "HOME=/home/code", "-e", "IS_SANDBOX=1", "-e", "LIST=a,b=c", "claude --verbose; exec bash"),
                argv);
    }
}
