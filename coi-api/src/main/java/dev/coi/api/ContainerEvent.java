package dev.coi.api;

import java.util.Objects;

/**
 * A container coi stopped or deleted, by whichever command: {@link SessionLifecycle#stopped},
 * {@link SessionLifecycle#deleted}. Only its name is known: the container may be gone.
 *
 * @param container the container's name
 * @since 0.2.0
 */
public record ContainerEvent(String container) {

    /**
     * Checks the components.
     *
     * @param container the container's name
     */
    public ContainerEvent {
        Objects.requireNonNull(container, "container");
    }
}
