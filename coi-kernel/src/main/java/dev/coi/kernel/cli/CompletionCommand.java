package dev.coi.kernel.cli;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "completion", description = "Print the shell completion script for bash, zsh or fish.",
        footer = {"", "bash: source <(coi completion bash)   (or save it as "
                + "~/.local/share/bash-completion/completions/coi)",
            "zsh:  source <(coi completion zsh)    (in ~/.zshrc; or save it as _coi in a folder of"
                + " $fpath)",
            "fish: coi completion fish > ~/.config/fish/completions/coi.fish"})
final class CompletionCommand extends KernelCommand {

    @Parameters(paramLabel = "SHELL", completionCandidates = Shells.class, description = "bash, zsh or fish")
    private String shell;

    @Option(names = "--no-descriptions", description = "Offer the names only, without what each one does.")
    private boolean noDescriptions;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        String script = switch (shell.toLowerCase(Locale.ROOT)) {
            case "bash" -> BashCompletion.script(root);
            case "zsh" -> ZshCompletion.script(root.getCommandSpec(), !noDescriptions);
            case "fish" -> FishCompletion.script(root.getCommandSpec(), !noDescriptions);
            default -> throw CoiException.usage("unknown shell '" + shell + "': must be bash, zsh or fish");
        };
        context.output().data(script.stripTrailing());
        return ExitCodes.OK;
    }

    /** What the completion scripts offer for SHELL. */
    static final class Shells extends ArrayList<String> {
        Shells() {
            super(List.of("bash", "zsh", "fish"));
        }
    }
}
