package dev.coi.kernel.cli;

import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.config.ConfigRenderer;
import dev.coi.kernel.config.LoadedConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "config", description = "Show the configuration coi uses.", subcommands = ConfigCommand.Show.class)
final class ConfigCommand {

    private ConfigCommand() {
    }

    @Command(name = "show", description = {
        "Print the effective configuration.",
        "It is made of the built-in defaults, /etc/coi/config.toml, ~/.config/coi/config.toml, ./.coi.toml,"
            + " $COI_CONFIG, the --profile, environment variables and flags, later ones winning."})
    static final class Show extends KernelCommand {

        @Option(names = "--origin", description = "Say where each value came from.")
        private boolean origin;

        @Option(names = "--format", completionCandidates = Candidates.TextOrJson.class, defaultValue = "text",
                description = "text (TOML) or json (default: ${DEFAULT-VALUE})")
        private String format;

        @Override
        public Integer call() throws Exception {
            Formats.TextOrJson chosen = Formats.textOrJson(format);
            LoadedConfig loaded = context.kernel().config();
            if (chosen == Formats.TextOrJson.JSON) {
                context.output().json(ConfigRenderer.toJson(loaded.config()));
            } else {
                context.output().raw(ConfigRenderer.toToml(loaded.config(), origin));
            }
            return ExitCodes.OK;
        }
    }
}
