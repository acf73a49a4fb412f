package dev.coi.kernel.cli;

import dev.coi.kernel.config.ConfigEnvironment;
import dev.coi.kernel.config.ConfigException;
import dev.coi.kernel.sessions.ChildStdio;
import dev.coi.kernel.sessions.launch.LaunchRequest;
import dev.coi.kernel.wiring.Choices;
import dev.coi.kernel.wiring.ImageServices;
import dev.coi.kernel.wiring.Kernel;
import dev.coi.kernel.wiring.PluginInstallation;
import dev.coi.kernel.wiring.SessionServices;
import java.io.BufferedReader;
import java.util.Set;

/**
 * What every command receives: the kernel's services, where to write, and where answers to questions come from.
 *
 * @param kernel the kernel: the configuration and plugins of this invocation, and its areas' services
 * @param output standard output and error
 * @param input standard input, read only for confirmations
 * @param terminal whether a person answers: standard input and standard error are a terminal. Questions that must
 *                 not be answered by a script (consent to a workspace's config) are only asked then.
 */
record CommandContext(Kernel kernel, Output output, BufferedReader input, boolean terminal) {

    /**
     * The context of a parsed command line. Its kernel loads the configuration with the command line's choices, and
     * asks the user (on a terminal) before connecting to an Incus socket a workspace's {@code .coi.toml} names.
     */
    static CommandContext of(ConfigEnvironment environment, Output output, ChildStdio childStdio,
                             BufferedReader input, boolean terminal, Choices choices) {
        WorkspaceConsent consent = new WorkspaceConsent(output, input, terminal, environment);
        Kernel kernel = new Kernel(environment, output, childStdio, choices, consent::requireToConnect);
        return new CommandContext(kernel, output, input, terminal);
    }

    /** A context without a terminal, as for a script or a test. */
    CommandContext(Kernel kernel, Output output, BufferedReader input) {
        this(kernel, output, input, false);
    }

    /** Sessions, their containers, files and snapshots: what session commands ask for. */
    SessionServices sessions() {
        return kernel.sessions();
    }

    /** The images Incus has, and {@code coi build}. */
    ImageServices images() {
        return kernel.images();
    }

    /** The installed third-party plugins, and installing them. */
    PluginInstallation pluginInstallation() {
        return kernel.pluginInstallation();
    }

    /** Asks a yes/no question, unless {@code force} answers it already. */
    boolean confirmed(boolean force, String question) {
        return force || new Confirmation(input, output).ask(question);
    }

    /** Asks for the user's consent to what a workspace's {@code .coi.toml} loosens. */
    WorkspaceConsent consent() {
        return new WorkspaceConsent(output, input, terminal, kernel.environment());
    }

    /**
     * Returns when nothing the workspace's {@code .coi.toml} loosens takes effect, or the user allowed it.
     *
     * @param keysFromFlags the keys the command line sets, which the file cannot change
     */
    void requireConsent(Set<String> keysFromFlags) throws ConfigException {
        consent().require(kernel.config(), keysFromFlags);
    }

    /**
     * Returns when nothing the workspace's {@code .coi.toml} loosens for a new container takes effect, or the user
     * allowed it.
     */
    void requireConsent(LaunchRequest launch) throws ConfigException {
        consent().require(kernel.config(), launch);
    }
}
