package dev.coi.kernel.limits;

import dev.coi.kernel.incus.ContainerRuntime;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.IncusNotFoundException;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.sessions.SessionContainer;
import dev.coi.kernel.sessions.SessionFinisher;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** The containers of {@link DeadlineDuty} in Incus, their sessions ended by the {@link SessionFinisher}. */
public final class IncusDeadlineContainers implements DeadlineDuty.Containers {

    /** How long the tool and the container may take to shut down cleanly before they are killed. */
    static final Duration GRACEFUL_STOP = Duration.ofSeconds(10);

    private final ContainerRuntime incus;
    private final Supplier<SessionFinisher> finisher;

    public IncusDeadlineContainers(ContainerRuntime incus, Supplier<SessionFinisher> finisher) {
        this.incus = incus;
        this.finisher = finisher;
    }

    @Override
    public Optional<Instance> instance(String name) {
        return incus.instance(name);
    }

    @Override
    public void stop(String name, boolean graceful) {
        try {
            if (graceful) {
                try {
                    incus.stop(name, GRACEFUL_STOP, false);
                    return;
                } catch (IncusNotFoundException e) {
                    return;
                } catch (IncusException e) {
                    // did not stop in time: forced below
                }
            }
            incus.stop(name, Duration.ZERO, true);
        } catch (IncusNotFoundException e) {
            // gone meanwhile: nothing to stop
        } catch (IncusException e) {
            // stopped meanwhile by someone else (a coi attached to it, a shutdown) is as good
            if (incus.instance(name).filter(instance -> !instance.isStopped()).isPresent()) {
                throw e;
            }
        }
    }

    @Override
    public void end(Instance stopped) {
        finisher.get().end(SessionContainer.of(stopped), GRACEFUL_STOP);
    }
}
