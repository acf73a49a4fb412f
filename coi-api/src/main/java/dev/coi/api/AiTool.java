package dev.coi.api;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An AI coding assistant that coi runs inside a container, such as Claude Code or Aider.
 *
 * @since 0.1.0
 */
public non-sealed interface AiTool extends Extension {

    /**
     * The executable the tool is started with inside the container.
     *
     * @return the binary name, looked up on the container's {@code PATH}
     */
    String binary();

    /**
     * The tool's state directory relative to the home directory, which coi saves after a session and
     * restores on resume.
     *
     * @return for example {@code .aider}; empty for tools configured only through environment variables
     */
    Optional<String> configDirectory();

    /**
     * The command line that starts the tool.
     *
     * @param launch the session being started
     * @return the argument vector, binary first
     */
    List<String> commandLine(ToolLaunch launch);

    /**
     * Settings that make the tool work unattended inside the sandbox, merged over what each
     * {@link ToolFile.Kind#SETTINGS} file carries of the user's own settings (its {@link ToolFile#keys()}).
     *
     * @return the settings as a JSON-like tree of maps, lists, strings, numbers and booleans
     */
    Map<String, Object> sandboxSettings();

    /**
     * Finds the tool's own session id in a saved copy of its state directory, so that a resumed session
     * continues the same conversation.
     *
     * @param savedStateDirectory the saved copy of {@link #configDirectory()}
     * @return the tool's session id, or empty when the saved state holds none
     */
    Optional<String> discoverSessionId(Path savedStateDirectory);

    /**
     * A script that installs the tool while {@code coi build} makes the image: run by {@code bash -euo pipefail}
     * as root inside the image being built, from {@code /}, after the base packages (Node.js, npm, python3,
     * pipx, git, curl) and the user {@code code} (1000:1000, home {@code /home/code}) are in. The environment
     * variable {@code COI_IMAGE_INFO} names the image's build information file ({@code /etc/coi-image}), which a
     * shell sources: the script may append {@code key="value"} lines to it, e.g. the tool's version. When it fails
     * or runs longer than 15 minutes, for example because the tool's package source is out of reach, the build
     * says so and goes on without the tool; but when the tool is the one sessions run ({@code [tool] name}), the
     * build fails, as the image would be of no use. A message on the script's output that names what was out of
     * reach helps the user most.
     *
     * @return the script; empty when the image content installs the tool already or it needs nothing
     * @since 0.1.0
     */
    default Optional<String> imageInstallScript() {
        return Optional.empty();
    }

    /**
     * The files from the user's home directory that the tool needs in the container: credentials and
     * settings. Only these enter the container, and of a settings file only the keys it names; the kernel copies
     * them in, owned by the container user.
     *
     * @return the files; empty when the tool is configured through environment variables only
     * @since 0.1.0
     */
    default List<ToolFile> hostFiles() {
        return List.of();
    }

    /**
     * Checks a credentials file and says until when it is good. The content may come out of a container, so
     * anything unexpected makes it invalid.
     *
     * @param file one of the {@link ToolFile.Kind#CREDENTIALS} files of {@link #hostFiles()}
     * @param content the file's content
     * @return when the credentials expire; empty when the content is not valid credentials of this tool
     * @since 0.1.0
     */
    default Optional<Instant> credentialsValidUntil(ToolFile file, byte[] content) {
        return Optional.empty();
    }

    /**
     * The destinations the tool itself must reach, such as its vendor's API: when this is the tool sessions run
     * ({@code [tool] name}), the default of {@code network.allowed_domains} is the kernel's own entries followed by
     * these. A user who sets {@code allowed_domains} replaces the whole list, these included.
     *
     * @return domain names or IPv4 addresses, without scheme, port or path; empty, the default, for none
     * @since 0.2.0
     */
    default List<String> allowedDomains() {
        return List.of();
    }

    /**
     * The model the tool is asked to use when this is the tool sessions run and {@code defaults.model} is not set.
     *
     * @return the model name; empty, the default, when the tool chooses by itself
     * @since 0.2.0
     */
    default Optional<String> defaultModel() {
        return Optional.empty();
    }

    /**
     * The tool's global instructions file, which it reads in every project (such as {@code .claude/CLAUDE.md}): the
     * kernel keeps a short block in it inside the container that tells the agent about its sandbox (the workspace,
     * the network it may reach, that host secrets are absent, that the session is saved), between marker lines, and
     * leaves the rest of the file alone. Never a file of the workspace, which is the user's.
     *
     * @return the path relative to the home; empty, the default, for a tool without one
     * @since 0.3.1
     */
    default Optional<String> instructionsFile() {
        return Optional.empty();
    }

    /**
     * Whether sessions run this tool when no config file names one ({@code [tool] name} unset). The tool a
     * distribution ships as its default says yes; a third-party tool should say no, as the user chooses it by name.
     * Should several say yes, the first one loaded is the default: bundled plugins load before installed ones.
     *
     * @return whether this is the default tool; false by default
     * @since 0.2.0
     */
    default boolean isDefault() {
        return false;
    }
}
