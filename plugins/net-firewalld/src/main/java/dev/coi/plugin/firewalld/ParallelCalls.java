package dev.coi.plugin.firewalld;

import dev.coi.api.PortException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * firewall-cmd calls that run side by side. Each call is mostly the start of a Python client, so a few at once
 * finish in little more than the time of one; more than a few only queue for the same processor cores.
 */
final class ParallelCalls implements AutoCloseable {

    private static final int AT_ONCE = 4;

    private final ExecutorService pool = Executors.newFixedThreadPool(AT_ONCE, runnable -> {
        Thread thread = new Thread(runnable, "coi-firewalld");
        thread.setDaemon(true);
        return thread;
    });

    <T> Future<T> start(Supplier<T> call) {
        return pool.submit(call::get);
    }

    /**
     * Waits for a call.
     *
     * @throws RuntimeException what the call threw, as it threw it
     */
    static <T> T result(Future<T> call) {
        try {
            return call.get();
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new PortException("a firewall-cmd call failed: " + failed.getCause(), failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new PortException("interrupted while waiting for firewall-cmd", interrupted);
        }
    }

    /** Waits for every call started, so that none changes the firewall after its caller returned. */
    @Override
    public void close() {
        pool.close();
    }
}
