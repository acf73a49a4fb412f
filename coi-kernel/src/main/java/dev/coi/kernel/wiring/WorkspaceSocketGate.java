package dev.coi.kernel.wiring;

import dev.coi.kernel.base.CoiException;

import dev.coi.kernel.config.WorkspaceWidening;

/**
 * Decides whether coi may talk to the Incus socket that a workspace's {@code .coi.toml} names. The AI tool can edit
 * that file and listen on a socket in the workspace; a daemon it runs would answer every command with what it likes,
 * and receive what commands send (files of {@code coi file push}, the keystrokes of {@code coi attach}).
 */
@FunctionalInterface
public interface WorkspaceSocketGate {

    /**
     * Returns when the user allowed the file as it is.
     *
     * @param widening what the file loosens, the socket among it
     * @throws CoiException (failure) when there is no consent; coi connected to nothing then
     */
    void require(WorkspaceWidening widening);
}
