package dev.coi.kernel.cli;

import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.SessionContainer;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "tmux", description = {
    "Talk to the tmux session of a session container.",
    "The tmux session is named coi-<container>; it is the one on the tmux server of the user the tool runs"
            + " as."},
        subcommands = {TmuxCommand.ListSessions.class, TmuxCommand.Send.class, TmuxCommand.Capture.class})
final class TmuxCommand {

    private TmuxCommand() {
    }

    @Command(name = "list", description = "List the running session containers that have a tmux session.")
    static final class ListSessions extends KernelCommand {

        @Override
        public Integer call() throws Exception {
            List<SessionContainer> found = context.sessions().sessionTmux().withSession();
            if (found.isEmpty()) {
                context.output().data("No active sessions");
                return ExitCodes.OK;
            }
            context.output().data("Active sessions:");
            found.forEach(container -> context.output().data("  - " + container.name() + " (tmux session: "
                    + ContainerNames.tmuxSession(container.name()) + ")"));
            return ExitCodes.OK;
        }
    }

    @Command(name = "send", description = "Type TEXT into the session, as it is, and press Enter.")
    static final class Send extends KernelCommand {
        @Parameters(index = "0", paramLabel = "NAME", completionCandidates = Candidates.ContainerNames.class)
        private String name;
        @Parameters(index = "1", paramLabel = "TEXT") private String text;

        @Override
        public Integer call() throws Exception {
            context.sessions().sessionTmux().send(name, text);
            context.output().data("Sent command to session " + ContainerNames.tmuxSession(name));
            return ExitCodes.OK;
        }
    }

    @Command(name = "capture", description = "Print what the session's window shows now.")
    static final class Capture extends KernelCommand {
        @Parameters(index = "0", paramLabel = "NAME", completionCandidates = Candidates.ContainerNames.class)
        private String name;

        @Override
        public Integer call() throws Exception {
            context.output().raw(context.sessions().sessionTmux().capture(name));
            return ExitCodes.OK;
        }
    }
}
