package dev.coi.kernel.cli;

import dev.coi.kernel.health.HealthJson;
import dev.coi.kernel.health.HealthReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "health", description = {
    "Check that coi can work on this host.",
    "It checks Incus, storage, network, the image, coi's folders, the configuration and every plugin's checks."
            + " Every warning and failure says how to fix it.",
    "Exit code: 0 healthy, 1 degraded (warnings), 2 unhealthy (failures)."})
final class HealthCommand extends KernelCommand {

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            completionCandidates = Candidates.TextOrJson.class,
            description = "text (default) or json.")
    private String format;

    @Option(names = {"-v", "--verbose"}, description = "Show what each check found in detail.")
    private boolean verbose;

    @Override
    public Integer call() {
        Formats.TextOrJson chosen = Formats.textOrJson(format);
        HealthReport report = context.kernel().health().run();
        if (chosen == Formats.TextOrJson.JSON) {
            context.output().json(HealthJson.of(report));
        } else {
            HealthText.lines(report, verbose, context.output().colors()).forEach(context.output()::data);
        }
        return report.status().exitCode();
    }
}
