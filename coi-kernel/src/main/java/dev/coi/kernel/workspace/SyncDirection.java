package dev.coi.kernel.workspace;

/** Which way {@code coi sync} takes changes. */
public enum SyncDirection {
    BOTH, FROM_CONTAINER, TO_CONTAINER;

    boolean fromContainer() {
        return this != TO_CONTAINER;
    }

    boolean toContainer() {
        return this != FROM_CONTAINER;
    }
}
