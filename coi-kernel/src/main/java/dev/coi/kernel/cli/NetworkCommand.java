package dev.coi.kernel.cli;

import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.network.NetworkView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "network", description = {"Network isolation of session containers.",
    "coi filters what a session container reaches in restricted and allowlist mode (see --network): with rules scoped"
        + " to the container's address, which a network backend plugin puts in place."},
        subcommands = NetworkCommand.Show.class)
final class NetworkCommand {

    private NetworkCommand() {
    }

    @Command(name = "show", description = {"Show a container's network mode and the rules in force.",
        "The mode, the backend that enforces it, the address the rules are scoped to, the rules coi recorded for the"
            + " container, and whether the backend has them in force; in allowlist mode also each allowed name with"
            + " the addresses it resolved to, when, and when the keeper resolves it again. Where the backend can say"
            + " (nftables), also what the firewall holds: the rules with the packets they matched, and the addresses"
            + " coi's resolver admitted with the time they have left.",
        "Exits with 1 when the backend's rules do not match the record: the container is then not filtered as"
            + " recorded."})
    static final class Show extends KernelCommand {
        @Parameters(index = "0", paramLabel = "NAME", completionCandidates = Candidates.ContainerNames.class,
                description = "The container ('coi list').")
        private String name;
        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
                completionCandidates = Candidates.TextOrJson.class,
                description = "text (default) or json.")
        private String format;

        @Override
        public Integer call() throws Exception {
            Formats.TextOrJson chosen = Formats.textOrJson(format);
            NetworkView view = context.sessions().sessionNetwork().view(name);
            if (chosen == Formats.TextOrJson.JSON) {
                context.output().json(NetworkViews.json(view));
            } else {
                NetworkViews.text(view).forEach(context.output()::data);
            }
            return NetworkViews.filteredAsRecorded(view) ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }
}
