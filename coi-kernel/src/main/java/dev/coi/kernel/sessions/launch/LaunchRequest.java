package dev.coi.kernel.sessions.launch;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The container flags {@code coi shell} and {@code coi run} share, as the user gave them; checked by
 * {@link LaunchPlan#of}.
 *
 * @param workspace {@code -w}, relative to the working directory
 * @param slot {@code --slot}, when given
 * @param persistent {@code --persistent}, when given
 * @param image {@code --image}, when given
 * @param environment the {@code -e KEY=VALUE} values
 * @param mounts the {@code --mount HOST:CONTAINER} values
 * @param network {@code --network}, when given
 */
public record LaunchRequest(Path workspace, Optional<Integer> slot, Optional<Boolean> persistent,
        Optional<String> image, List<String> environment, List<String> mounts, Optional<String> network) {

    public LaunchRequest {
        environment = List.copyOf(environment);
        mounts = List.copyOf(mounts);
    }
}
