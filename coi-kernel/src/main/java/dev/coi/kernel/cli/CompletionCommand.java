package dev.coi.kernel.cli;

import dev.coi.kernel.CoiException;
import dev.coi.kernel.ExitCodes;
import java.util.Locale;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "completion", description = "Print the shell completion script for bash, zsh or fish.",
        footer = {"", "bash: source <(coi completion bash)   (or save it as "
                + "~/.local/share/bash-completion/completions/coi)",
            "zsh:  source <(coi completion zsh)    (in ~/.zshrc)",
            "fish: coi completion fish > ~/.config/fish/completions/coi.fish"})
final class CompletionCommand extends KernelCommand {

    @Parameters(paramLabel = "SHELL", description = "bash, zsh or fish")
    private String shell;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        String script = switch (shell.toLowerCase(Locale.ROOT)) {
            // picocli's script loads zsh's bash compatibility itself when zsh sources it
            case "bash", "zsh" -> AutoComplete.bash(root.getCommandName(), root);
            case "fish" -> FishCompletion.script(root.getCommandSpec());
            default -> throw CoiException.usage("unknown shell '" + shell + "': must be bash, zsh or fish");
        };
        context.output().data(script.stripTrailing());
        return ExitCodes.OK;
    }
}
