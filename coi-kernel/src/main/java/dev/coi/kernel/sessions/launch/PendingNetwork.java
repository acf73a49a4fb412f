package dev.coi.kernel.sessions.launch;

import dev.coi.api.NetworkMode;
import dev.coi.kernel.base.CoiException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A new container's network rules being put in place while the rest of the session is set up: most of it is
 * waiting for the container's DHCP address, which needs nothing of the setup. Nothing of the user runs in the
 * container before {@link #await()} returned.
 */
final class PendingNetwork {

    private final CompletableFuture<Void> done = new CompletableFuture<>();

    private PendingNetwork() {
    }

    static PendingNetwork start(SessionStart start, String name, String sessionId, NetworkMode mode) {
        PendingNetwork pending = new PendingNetwork();
        Thread.ofVirtual().name("coi-network-" + name).start(() -> {
            try {
                start.enforceNetwork(name, sessionId, mode);
                pending.done.complete(null);
            } catch (Throwable e) {
                pending.done.completeExceptionally(e);
            }
        });
        return pending;
    }

    /** Rules put in place already, before the container started. */
    static PendingNetwork inPlace() {
        PendingNetwork pending = new PendingNetwork();
        pending.done.complete(null);
        return pending;
    }

    /** Returns once the rules are in place, or throws what kept them from it. */
    void await() throws InterruptedException {
        try {
            done.get();
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case RuntimeException runtime -> throw runtime;
                case InterruptedException interrupted -> throw interrupted;
                case Error error -> throw error;
                default -> throw CoiException.failure("putting the network rules in place failed: "
                        + e.getCause().getMessage());
            }
        }
    }

    /** Lets a failed setup wait for the rules before it removes the container, so that none outlive it. */
    void settle() {
        try {
            done.get();
        } catch (ExecutionException e) {
            // the setup failed for its own reason, which is what the user is told
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
