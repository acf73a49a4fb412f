package dev.coi.kernel.sessions.launch;

import dev.coi.api.Progress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The progress of sessions started together: only their warnings reach the user. Each session's steps
 * would interleave with the others' into a screenful nobody reads; what they started is summed up at the end. A
 * warning all of them give (no credentials on the host) is shown once.
 */
public final class WarningsOnly implements Progress {

    private final Progress target;
    private final Set<String> shown = ConcurrentHashMap.newKeySet();

    public WarningsOnly(Progress target) {
        this.target = target;
    }

    @Override
    public void step(String message) {
    }

    @Override
    public void info(String message) {
    }

    @Override
    public void warn(String message) {
        if (shown.add(message)) {
            target.warn(message);
        }
    }

    @Override
    public void status(String status) {
    }
}
