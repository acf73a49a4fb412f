package dev.coi.kernel.cli;

import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The containers kill, shutdown and persist act on: names or --all, and whether to ask first. */
final class TargetSelection {

    @Parameters(arity = "0..*", paramLabel = "NAME", completionCandidates = Candidates.ContainerNames.class,
            description = "Container names ('coi list').")
    List<String> names = List.of();

    @Option(names = "--all", description = "Every session container.")
    boolean all;

    @Option(names = "--force", description = "Do not ask for confirmation.")
    boolean force;
}
