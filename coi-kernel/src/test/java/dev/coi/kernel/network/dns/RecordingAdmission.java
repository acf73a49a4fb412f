package dev.coi.kernel.network.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** An admission port that remembers what it opened; it can fail, or hold each call until the test lets it go. */
final class RecordingAdmission implements Admission {

    /** One call. */
    record Admitted(String container, String name, List<InetAddress> addresses, Duration lifetime) {
    }

    private final List<Admitted> admitted = new CopyOnWriteArrayList<>();
    private final CountDownLatch entered = new CountDownLatch(1);
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private volatile boolean failing;

    @Override
    public void admit(String container, String name, List<InetAddress> addresses, Duration lifetime)
            throws IOException {
        entered.countDown();
        try {
            if (!hold.await(5, TimeUnit.SECONDS)) {
                throw new IOException("the test never let the admission go");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (failing) {
            throw new IOException("nft: set is full");
        }
        admitted.add(new Admitted(container, name, List.copyOf(addresses), lifetime));
    }

    List<Admitted> admitted() {
        return List.copyOf(admitted);
    }

    void fail() {
        failing = true;
    }

    /** Calls from now on wait until {@link #release()}. */
    void hold() {
        hold = new CountDownLatch(1);
    }

    void release() {
        hold.countDown();
    }

    /** Waits until the first call has come in. */
    void awaitCall() throws InterruptedException {
        if (!entered.await(5, TimeUnit.SECONDS)) {
            throw new AssertionError("the proxy never called the admission");
        }
    }
}
