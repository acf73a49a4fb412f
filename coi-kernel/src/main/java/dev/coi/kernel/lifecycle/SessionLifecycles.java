package dev.coi.kernel.lifecycle;

import dev.coi.api.ContainerEvent;
import dev.coi.api.Progress;
import dev.coi.api.SessionEnding;
import dev.coi.api.SessionEvent;
import dev.coi.api.SessionLifecycle;
import dev.coi.api.SessionPlan;
import dev.coi.api.ToolRunning;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.incus.InstanceEnds;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Fires the phases of a session at the {@link SessionLifecycle} hooks: the kernel's own first, then the plugins',
 * in plugin order. A hook that fails while the session starts ends the start; one that fails while it ends is a
 * warning, and the others still run. It follows the Incus client, which tells it of every stop and delete.
 *
 * <p>Two duties of a session stay where they are called, not hooks. The tool's files (a resumed session's state,
 * credentials, settings) go into a new container once it answers commands and its user is known, while its network
 * rules are still being put in place: no phase is there ({@code started} comes after the rules, and putting the files
 * in then would make the start wait for both one after the other), and no event carries the session user or the
 * resumed session the files come from. Saving stays in the finisher because its result decides whether the container
 * may be deleted (a failed save keeps it), and a hook that fails while a session ends is only a warning.
 */
public final class SessionLifecycles implements InstanceEnds {

    private final List<SessionLifecycle> kernel;
    private final Supplier<List<SessionLifecycle>> plugins;
    private final Progress progress;
    private List<SessionLifecycle> loadedPlugins;

    /**
     * @param kernel the kernel's own hooks, in the order they run
     * @param plugins the plugins' hooks, asked for when a phase first fires: a command that ends no session loads
     *                no plugin for it
     * @param progress where the warnings of failed hooks go
     */
    public SessionLifecycles(List<SessionLifecycle> kernel, Supplier<List<SessionLifecycle>> plugins,
            Progress progress) {
        this.kernel = List.copyOf(kernel);
        this.plugins = plugins;
        this.progress = progress;
    }

    /** No hooks at all, for services that only look at sessions. */
    public static SessionLifecycles none(Progress progress) {
        return new SessionLifecycles(List.of(), List::of, progress);
    }

    public void planned(SessionPlan session) {
        starting("planned", session.sessionId(), hook -> hook.planned(session));
    }

    public void containerCreated(SessionEvent session) {
        starting("container created", session.sessionId(), hook -> hook.containerCreated(session));
    }

    public void beforeStart(SessionEvent session) {
        starting("before start", session.sessionId(), hook -> hook.beforeStart(session));
    }

    public void started(SessionEvent session) {
        starting("started", session.sessionId(), hook -> hook.started(session));
    }

    public void toolRunning(ToolRunning tool) {
        starting("tool running", tool.session().sessionId(), hook -> hook.toolRunning(tool));
    }

    public void ending(SessionEnding session) {
        ending("while the session in " + session.container() + " was ending", hook -> hook.ending(session));
    }

    @Override
    public void stopped(String container) {
        ContainerEvent event = new ContainerEvent(container);
        ending("after " + container + " was stopped", hook -> hook.stopped(event));
    }

    @Override
    public void deleted(String container) {
        ContainerEvent event = new ContainerEvent(container);
        ending("after " + container + " was deleted", hook -> hook.deleted(event));
    }

    /**
     * A failing hook ends the start. The kernel's own failures are the kernel's errors as they are; a plugin's is
     * told with the extension's name, which is what the user must act on.
     */
    private void starting(String phase, String sessionId, Consumer<SessionLifecycle> hook) {
        kernel.forEach(hook);
        for (SessionLifecycle extension : plugins()) {
            try {
                hook.accept(extension);
            } catch (RuntimeException | LinkageError e) {
                throw new CoiException(ExitCodes.FAILURE, "the session lifecycle extension '" + extension.name()
                        + "' failed at the phase '" + phase + "' of session " + sessionId + ", so the session did not"
                        + " start: " + describe(e) + "; fix or remove the plugin that brings it ('coi plugin list')", e);
            }
        }
    }

    /** Every hook runs, whatever the others did: nothing may keep a session from being saved or removed. */
    private void ending(String what, Consumer<SessionLifecycle> hook) {
        List<SessionLifecycle> all = new ArrayList<>(kernel);
        try {
            all.addAll(plugins());
        } catch (RuntimeException e) {
            progress.warn("the plugins' session lifecycle hooks could not be loaded " + what + ": " + describe(e));
        }
        for (SessionLifecycle extension : all) {
            try {
                hook.accept(extension);
            } catch (RuntimeException | LinkageError e) {
                progress.warn("the session lifecycle extension '" + extension.name() + "' failed " + what + ": "
                        + describe(e));
            }
        }
    }

    private static String describe(Throwable failure) {
        return failure.getMessage() == null ? failure.toString() : failure.getMessage();
    }

    private synchronized List<SessionLifecycle> plugins() {
        if (loadedPlugins == null) {
            loadedPlugins = List.copyOf(plugins.get());
        }
        return loadedPlugins;
    }
}
