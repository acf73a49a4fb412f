package dev.coi.kernel.limits;

import dev.coi.api.ContainerEvent;
import dev.coi.api.SessionLifecycle;
import dev.coi.api.SessionPlan;
import dev.coi.api.ToolRunning;

/**
 * A session's deadline ({@code limits.runtime.max_duration}) over its life: recorded for the keeper as the tool
 * starts, forgotten when the container is stopped or deleted, whichever command did it.
 */
public final class SessionDeadlines implements SessionLifecycle {

    private final SessionLimits limits;
    private final DeadlineRecords records;

    public SessionDeadlines(SessionLimits limits, DeadlineRecords records) {
        this.limits = limits;
        this.records = records;
    }

    @Override
    public String name() {
        return "deadlines";
    }

    @Override
    public void planned(SessionPlan plan) {
        limits.refuseDeadlineElsewhere();
    }

    @Override
    public void toolRunning(ToolRunning tool) {
        limits.startDeadline(tool.session().container(), tool.session().sessionId(), tool.joined());
    }

    @Override
    public void stopped(ContainerEvent container) {
        records.remove(container.container());
    }

    @Override
    public void deleted(ContainerEvent container) {
        records.remove(container.container());
    }
}
