package dev.coi.kernel.sessions.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** coi tmux send's wrapper, run by a real sh twice for one claim, as a lost try and its repeat would run it. */
class SessionTmuxClaimTest {

    @TempDir
    Path dir;

    private int send(Path claim, Path typed) throws Exception {
        return new ProcessBuilder("sh", "-c", SessionTmux.CLAIM_THEN_RUN, claim.toString(), "sh", "-c",
                "echo typed >> \"$0\"", typed.toString()).inheritIO().start().waitFor();
    }

    @Test
    void theTextIsTypedOnceHoweverOftenTheTryRuns() throws Exception {
        Path claim = dir.resolve(".coi-tmux-1");
        Path typed = dir.resolve("typed");

        assertEquals(0, send(claim, typed));
        assertEquals(0, send(claim, typed));

        assertEquals(List.of("typed"), Files.readAllLines(typed));
    }
}
