package dev.coi.kernel.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DetachedTest {

    @Test
    void aDetachedProcessIsNoChildToWaitFor() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setsid")), "setsid is part of util-linux");
        List<String> command = new ArrayList<>(Detached.prefix());
        // a duration no other process here sleeps, so that the test finds its own sleep afterwards
        String seconds = "29.7531";
        command.addAll(List.of("sleep", seconds));

        Process started = new ProcessBuilder(command).start();

        // the child is setsid, which forked sleep off and is gone: nothing is left for the JVM to wait on at exit
        assertEquals(true, started.waitFor(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(0, started.exitValue());
        ProcessHandle.allProcesses().filter(process -> process.info().arguments().map(List::of)
                .filter(arguments -> arguments.equals(List.of(seconds))).isPresent()).forEach(ProcessHandle::destroy);
    }
}
