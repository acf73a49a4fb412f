package dev.coi.kernel.network;

import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import dev.coi.kernel.incus.IncusClient;
import java.time.Duration;
import java.util.List;

/**
 * Fetches a URL from inside a container with {@code curl --max-time 3}, the way a sandboxed tool would reach a
 * host, bounded in time.
 */
final class ContainerProbe {

    private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(20);

    private final IncusClient incus;
    private final String container;

    ContainerProbe(IncusClient incus, String container) {
        this.incus = incus;
        this.container = container;
    }

    /** What came back: curl's exit code (0 = an answer, 7 = refused/rejected, 28 = timed out) and the body. */
    record Answer(String url, int exitCode, String body) {

        boolean answered(String name) {
            return exitCode == 0 && body.strip().equals(name);
        }

        @Override
        public String toString() {
            return url + " -> curl exit " + exitCode + (body.isBlank() ? "" : ", body '" + body.strip() + "'");
        }
    }

    Answer fetch(String url) {
        CommandResult result = incus.exec(container, List.of("curl", "-s", "--max-time", "3", url),
                ExecOptions.asRoot(), EXEC_TIMEOUT);
        return new Answer(url, result.exitCode(), result.stdout());
    }
}
