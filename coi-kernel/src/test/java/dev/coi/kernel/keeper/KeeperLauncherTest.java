package dev.coi.kernel.keeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeeperLauncherTest {

    @Test
    void aKeeperStartedSoonRunsTheSameCommandAfterASleepInAShell() {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")));
        List<String> now = KeeperLauncher.command(Duration.ZERO);
        List<String> soon = KeeperLauncher.command(KeeperLauncher.SOON);

        assertFalse(now.contains("/bin/sh"), now::toString);
        int shell = soon.indexOf("/bin/sh");
        assertEquals(List.of("/bin/sh", "-c", "sleep 2 && exec \"$0\" \"$@\""), soon.subList(shell, shell + 3));
        assertEquals(now, soon.stream().filter(word -> !soon.subList(shell, shell + 3).contains(word)).toList(),
                "the same command otherwise, its arguments handed on as they are");
        assertEquals(KeeperLauncher.COMMAND, soon.getLast());
    }
}
