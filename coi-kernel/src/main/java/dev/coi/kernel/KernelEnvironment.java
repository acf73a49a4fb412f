package dev.coi.kernel;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the kernel reads from the process it runs in, gathered in one value so that tests can run the whole
 * CLI in memory against a temporary home folder.
 *
 * @param variables the environment variables
 * @param home the user's home folder
 * @param workingDirectory the folder coi was started in
 */
public record KernelEnvironment(Map<String, String> variables, Path home, Path workingDirectory) {

    public KernelEnvironment {
        variables = Map.copyOf(variables);
    }

    public static KernelEnvironment ofProcess() {
        return new KernelEnvironment(System.getenv(), Path.of(System.getProperty("user.home")),
                Path.of("").toAbsolutePath());
    }

    /** {@code ~/.coi}, where coi keeps its state. */
    public Path coiHome() {
        return home.resolve(".coi");
    }
}
