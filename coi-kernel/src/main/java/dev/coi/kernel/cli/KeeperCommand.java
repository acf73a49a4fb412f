package dev.coi.kernel.cli;

import dev.coi.kernel.base.ExitCodes;
import picocli.CommandLine.Command;

/**
 * The keeper's process: started by coi itself, detached, when a session gets network rules or a deadline; not meant
 * to be typed, hence hidden.
 */
@Command(name = "keeper", hidden = true,
        description = "Look after the network rules and deadlines of running session containers (started by coi).")
final class KeeperCommand extends KernelCommand {

    @Override
    public Integer call() throws Exception {
        context.sessions().keeper(context.output()).run();
        return ExitCodes.OK;
    }
}
