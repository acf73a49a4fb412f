package dev.coi.kernel.cli;

import dev.coi.kernel.ExitCodes;
import picocli.CommandLine.Command;

/**
 * The network keeper's process: started by coi itself, detached, when a session gets network rules; not meant to
 * be typed, hence hidden.
 */
@Command(name = "network-keeper", hidden = true,
        description = "Look after the network rules of running session containers (started by coi itself).")
final class NetworkKeeperCommand extends KernelCommand {

    @Override
    public Integer call() throws Exception {
        context.kernel().sessionNetwork().keeper(context.kernel().coiHome(), context.output()).run();
        return ExitCodes.OK;
    }
}
