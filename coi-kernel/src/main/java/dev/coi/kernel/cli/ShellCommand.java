package dev.coi.kernel.cli;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.config.FlagOverride;
import dev.coi.kernel.sessions.launch.BackgroundSessions;
import dev.coi.kernel.sessions.launch.ShellRequest;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "shell", description = {
    "Start an AI coding session in a new container.",
    "coi alone does the same. The tool runs in tmux: Ctrl-b d detaches and leaves it running, 'coi attach' comes back;"
            + " exiting the shell or 'sudo poweroff' ends the session, which is saved for --resume.",
    "The container is ephemeral by default: deleted when the session ends. With --persistent it is kept, stopped,"
            + " with everything installed in it, and --slot N or --resume continues in it."})
final class ShellCommand extends KernelCommand implements ConfigChoosing, ServedByResident {

    private static final String BACKGROUND = "--background";

    @Mixin
    SessionOptions session;

    @Option(names = "--debug", description = "Start bash instead of the AI tool.")
    boolean debug;

    @Option(names = BACKGROUND, description = "Start the session without attaching; print how to attach.")
    boolean background;

    @Option(names = "--tmux", arity = "0..1", defaultValue = "true", fallbackValue = "true", paramLabel = "true|false",
            description = "Run the tool in tmux (default: ${DEFAULT-VALUE}); --tmux=false runs it directly on the"
                    + " terminal, and the session ends with it.")
    boolean tmux;

    @Option(names = "--count", paramLabel = "N", description = "With --background: start N new sessions of the"
            + " workspace at once (1-" + BackgroundSessions.MAX_COUNT + "), each in a free slot of its own.")
    Integer count;

    @Parameters(hidden = true, arity = "0..*")
    List<String> unexpected = new ArrayList<>();

    @Override
    public List<FlagOverride> configOverrides() {
        return session.overrides();
    }

    /**
     * A background session attaches nothing, so the resident may start it, saving the JVM start. The client sends
     * the resident every variable (the tool's {@code env} names any) only when an argument is exactly
     * {@code --background} (dist/src/main/c/coi-client.c), so nothing else counts here.
     */
    @Override
    public boolean servedWith(List<String> args) {
        return background && args.contains(BACKGROUND);
    }

    @Override
    public Integer call() throws Exception {
        if (!unexpected.isEmpty()) {
            throw CoiException.usage("unexpected argument '" + unexpected.getFirst() + "' - did you mean --resume="
                    + unexpected.getFirst() + "? (note: use = when specifying session ID)");
        }
        if (count != null) {
            return startMany();
        }
        return start(context, session, debug, background, tmux);
    }

    private int startMany() throws Exception {
        if (!background) {
            throw CoiException.usage("--count starts sessions without attaching to them: add --background");
        }
        if (count < 1 || count > BackgroundSessions.MAX_COUNT) {
            throw CoiException.usage("invalid --count " + count + ": start 1 to " + BackgroundSessions.MAX_COUNT
                    + " sessions at once");
        }
        ShellRequest request = session.request(debug, background, tmux);
        if (request.launch().slot().isPresent()) {
            throw CoiException.usage("--slot names one container, and --count starts each session in a free slot:"
                    + " leave out --slot");
        }
        if (request.resume().isPresent()) {
            throw CoiException.usage("--resume continues one saved session, and --count starts new ones: leave out"
                    + " --resume");
        }
        context.requireConsent(request.launch());
        return context.sessions().backgroundSessions().start(request, count);
    }

    static int start(CommandContext context, SessionOptions session, boolean debug, boolean background, boolean tmux)
            throws Exception {
        ShellRequest request = session.request(debug, background, tmux);
        context.requireConsent(request.launch());
        return context.sessions().shell().run(request);
    }
}
