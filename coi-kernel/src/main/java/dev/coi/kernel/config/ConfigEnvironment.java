package dev.coi.kernel.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything outside the config files that loading depends on, so tests can use temporary directories.
 *
 * @param variables        the environment variables
 * @param home             the user's home directory, for {@code ~} and the user config file
 * @param workingDirectory where {@code .coi.toml} is looked for and what relative env and flag paths are relative to
 * @param systemConfigFile the system-wide file, normally {@code /etc/coi/config.toml}
 */
public record ConfigEnvironment(Map<String, String> variables, Path home, Path workingDirectory,
        Path systemConfigFile) {

    /** The system-wide config file. */
    public static final Path SYSTEM_CONFIG_FILE = Path.of("/etc/coi/config.toml");

    /** The workspace's config file, looked for in the working directory. */
    public static final String PROJECT_FILE = ".coi.toml";

    /** The environment variable naming one more config file, read after all others. */
    public static final String CONFIG_VARIABLE = "COI_CONFIG";

    /** Copies the variables and makes the directories absolute. */
    public ConfigEnvironment {
        variables = Map.copyOf(variables);
        home = home.toAbsolutePath().normalize();
        workingDirectory = workingDirectory.toAbsolutePath().normalize();
        Objects.requireNonNull(systemConfigFile, "systemConfigFile");
    }

    /**
     * The environment of this process. The home directory is {@code $HOME} when set, as for the reference tool and
     * the shell, else the JVM's {@code user.home}.
     *
     * @return the environment
     */
    public static ConfigEnvironment ofCurrentProcess() {
        Map<String, String> variables = System.getenv();
        String home = variables.getOrDefault("HOME", "");
        return new ConfigEnvironment(variables, Path.of(home.isEmpty() ? System.getProperty("user.home") : home),
                Path.of(System.getProperty("user.dir")), SYSTEM_CONFIG_FILE);
    }

    /**
     * The same environment looking for {@code .coi.toml} in another directory, e.g. the workspace.
     *
     * @param directory the directory
     * @return a new environment
     */
    public ConfigEnvironment withWorkingDirectory(Path directory) {
        return new ConfigEnvironment(variables, home, directory, systemConfigFile);
    }

    /**
     * The config files in precedence order, lowest first, whether they exist or not: the system file, the user file
     * ({@code $XDG_CONFIG_HOME/coi/config.toml}, else {@code ~/.config/coi/config.toml}), {@code .coi.toml} in the
     * working directory, and {@code $COI_CONFIG}.
     *
     * @return the paths
     */
    public List<Path> configFiles() {
        List<Path> files = new ArrayList<>(List.of(systemConfigFile, userConfigFile(), projectConfigFile()));
        explicitConfigFile().ifPresent(files::add);
        return List.copyOf(files);
    }

    /**
     * The file {@code $COI_CONFIG} names, relative to the working directory.
     *
     * @return the path, or empty when the variable is unset or empty
     */
    public Optional<Path> explicitConfigFile() {
        String file = variables.getOrDefault(CONFIG_VARIABLE, "");
        return file.isEmpty() ? Optional.empty() : Optional.of(workingDirectory.resolve(file).normalize());
    }

    /**
     * {@code .coi.toml} in the working directory, whether it exists or not. It usually lies in the workspace, where
     * the AI tool can edit it, so what it loosens needs the user's consent ({@link WorkspaceWidening}).
     *
     * @return the path
     */
    public Path projectConfigFile() {
        return workingDirectory.resolve(PROJECT_FILE);
    }

    /**
     * The user's own config file, {@code $XDG_CONFIG_HOME/coi/config.toml}, else {@code ~/.config/coi/config.toml},
     * whether it exists or not.
     *
     * @return the path
     */
    public Path userConfigFile() {
        // The XDG spec says relative values are invalid and must be ignored.
        String xdg = variables.getOrDefault("XDG_CONFIG_HOME", "");
        Path base = !xdg.isEmpty() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".config");
        return base.resolve("coi").resolve("config.toml");
    }

    /**
     * The folders of tools declared as data, lowest precedence first: {@code tools} beside the system config file
     * ({@code /etc/coi/tools}) and beside the user's ({@code ~/.config/coi/tools}). The workspace has none: a
     * repository must not define what runs on the host while coi builds an image.
     *
     * @return the paths, whether they exist or not
     */
    public List<Path> toolFolders() {
        Path system = systemConfigFile.toAbsolutePath().getParent();
        return List.of(system.resolve("tools"), userConfigFile().getParent().resolve("tools"));
    }
}
