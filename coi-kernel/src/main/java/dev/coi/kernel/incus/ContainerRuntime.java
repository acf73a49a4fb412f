package dev.coi.kernel.incus;

import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What sessions need from the container runtime: instances made, started, stopped, changed and deleted, commands
 * run and files moved in them, and the few facts about images, profiles and networks a session is set up from.
 * {@link IncusClient} carries it out against the Incus daemon; the session services know only this port, so that
 * they can be tested without a daemon. Failures are {@link IncusException}s, as the client throws them.
 */
public interface ContainerRuntime {

    /**
     * All instances, without their run-time state.
     *
     * @return the instances; {@link Instance#state()} is null
     */
    List<Instance> instances();

    /**
     * One instance, without its run-time state.
     *
     * @param name the instance name
     * @return the instance, or empty when there is none of that name
     */
    Optional<Instance> instance(String name);

    /**
     * One instance with its run-time state (pid, processes, network addresses); slower than {@link #instance}.
     *
     * @param name the instance name
     * @return the instance, or empty when there is none of that name
     */
    Optional<Instance> instanceWithState(String name);

    /**
     * The instances of this name in every Incus project, with their run-time state: the network rules on a host are
     * shared by the containers of all projects, so whether a container's rules are still needed cannot be judged
     * from one project alone.
     *
     * @param name the instance name
     * @return the instances, the one of this runtime's project first; empty when no project has one of that name
     */
    default List<Instance> instancesWithStateInAnyProject(String name) {
        return instanceWithState(name).stream().toList();
    }

    /**
     * The run-time state of one instance.
     *
     * @param name the instance name
     * @return the state, or empty when there is no instance of that name
     */
    Optional<InstanceState> instanceState(String name);

    /**
     * Creates a container, and starts it too when the spec says so.
     *
     * @param spec what to create
     * @throws IncusConflictException when an instance of that name exists
     */
    void create(InstanceSpec spec);

    /**
     * Starts an instance.
     *
     * @param name the instance name
     */
    void start(String name);

    /**
     * Stops an instance.
     *
     * @param name the instance name
     * @param timeout how long a graceful stop may take before it fails; at least one second
     * @param force whether to kill it right away instead (the timeout is then ignored)
     */
    void stop(String name, Duration timeout, boolean force);

    /**
     * Deletes a stopped instance.
     *
     * @param name the instance name
     * @throws IncusNotFoundException when there is none of that name
     */
    void delete(String name);

    /**
     * Kills an instance if it runs, then deletes it; nothing happens when there is none of that name.
     *
     * @param name the instance name
     * @return whether there was an instance to delete
     */
    boolean deleteForcibly(String name);

    /**
     * Sets configuration keys and devices; the keys and devices given replace those of the same name, all others
     * stay.
     *
     * @param name the instance name
     * @param config configuration keys to set
     * @param devices devices to add or replace, by name
     */
    void update(String name, Map<String, String> config, Map<String, Map<String, String>> devices);

    /**
     * Runs a command in a running instance without a terminal and collects its output.
     *
     * @param name the instance name
     * @param command the program and its arguments; no shell is involved
     * @param options user, group, working directory and environment
     * @return the exit code and output
     * @throws IncusException when the command could not be run at all, e.g. the instance is stopped
     */
    CommandResult exec(String name, List<String> command, ExecOptions options);

    /**
     * Like {@link #exec(String, List, ExecOptions)}, with a time limit of its own.
     *
     * @param name the instance name
     * @param command the program and its arguments
     * @param options user, group, working directory and environment
     * @param timeout how long the command may run; when it runs longer, {@link IncusTimeoutException} is thrown
     * @return the exit code and output
     */
    CommandResult exec(String name, List<String> command, ExecOptions options, Duration timeout);

    /**
     * Freezes every process of a running instance.
     *
     * @param name the instance name
     */
    void freeze(String name);

    /**
     * Lets the processes of a frozen instance go on.
     *
     * @param name the instance name
     */
    void unfreeze(String name);

    /**
     * Like {@link #exec(String, List, ExecOptions, Duration)} for a command that must not run twice (one the user
     * gave, keys typed into a terminal, a build step). {@code exec} tries a command again when Incus loses track of
     * it on a busy host, and the lost one may have run; this one never tries again, and says so.
     *
     * @param name the instance name
     * @param command the program and its arguments
     * @param options user, group, working directory and environment
     * @param timeout how long the command may run, null for the client's usual limit
     * @return the exit code and output
     * @throws IncusOperationException when Incus lost track of the command, which may have run
     */
    CommandResult execAtMostOnce(String name, List<String> command, ExecOptions options, Duration timeout);

    /**
     * Like {@link #exec(String, List, ExecOptions)} for a command that must run once and whose output is wanted,
     * in a container that has a POSIX shell and the GNU tools: it runs as a {@link ClaimedCommand} claimed in
     * {@code /var/tmp} (which, unlike {@code /tmp}, a booting container does not empty), so that the try after one
     * Incus lost hands back that one's output and exit code instead of running the command again.
     *
     * @param name the instance name
     * @param command the program and its arguments
     * @param options user, group, working directory and environment
     * @return the exit code and output
     */
    default CommandResult execOnce(String name, List<String> command, ExecOptions options) {
        ClaimedCommand claimed = ClaimedCommand.in(this, name, "/var/tmp");
        try {
            return exec(name, claimed.wrap(command, false), options);
        } finally {
            claimed.remove();
        }
    }

    /**
     * Files in instances.
     *
     * @return the file operations
     */
    ContainerFiles files();

    /**
     * The local images, as far as a session asks about them.
     *
     * @return the image look-ups
     */
    ImageLookup images();

    /**
     * The networks instances are attached to.
     *
     * @return the network look-ups
     */
    NetworkLookups networks();

    /**
     * The devices of a profile, as instances using it get them.
     *
     * @param name the profile name, e.g. {@code default}
     * @return device name to device keys, or empty when there is no such profile
     */
    Optional<Map<String, Map<String, String>>> profileDevices(String name);

    /**
     * The machine that runs the containers this runtime creates, and whether it is this one, so that its folders can
     * be mounted into them and its firewall filters their traffic: always for the local daemon when it is no cluster;
     * for a remote only when it is this machine's own daemon reached over the network; for a cluster only when the
     * member they are created on is this machine's daemon.
     *
     * @return where they run
     */
    default ContainerHost host() {
        return ContainerHost.THIS_MACHINE;
    }
}
