package dev.coi.kernel.incus;

import dev.coi.api.ExecOptions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Names and cleans up the instances of an integration test: every name starts with {@value #PREFIX} and a
 * random suffix, and {@link #close()} kills and deletes every instance named through it, whether the test
 * passed or not. Use it in try-with-resources or close it in {@code @AfterEach}/{@code @AfterAll}.
 */
public final class TestInstances implements AutoCloseable {

    /** The prefix of every instance an integration test makes, so leftovers are easy to spot. */
    public static final String PREFIX = "coi-it-";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final IncusClient client;
    private final List<String> names = new ArrayList<>();

    /**
     * @param client the client to create and delete with
     */
    public TestInstances(IncusClient client) {
        this.client = client;
    }

    /**
     * A fresh name, deleted on close if an instance of that name exists by then.
     *
     * @return the name
     */
    public synchronized String newName() {
        byte[] suffix = new byte[4];
        RANDOM.nextBytes(suffix);
        String name = PREFIX + HexFormat.of().formatHex(suffix);
        names.add(name);
        return name;
    }

    /**
     * Creates and starts a container from the {@link TestImage} in one request.
     *
     * @return its name
     */
    public String launch() {
        String name = newName();
        client.create(InstanceSpec.fromFingerprint(name, TestImage.fingerprint(client)).withStart(true));
        awaitInit(client, name);
        return name;
    }

    /**
     * Waits until the test image's init answers signals. Its shell sets its trap a moment after it starts, and
     * a stop request sent before that is lost: PID 1 ignores signals it has no handler for. A command that
     * runs means the shell is well past that line.
     *
     * @param client the client
     * @param name the started instance
     */
    public static void awaitInit(IncusClient client, String name) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                if (client.exec(name, List.of("true"), ExecOptions.asRoot()).succeeded()) {
                    return;
                }
            } catch (IncusException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("instance " + name + " did not run commands within 30 s");
            }
        }
    }

    /** Deletes every instance named here; the first failure is thrown after all were tried. */
    @Override
    public synchronized void close() {
        RuntimeException failure = null;
        for (String name : names) {
            try {
                client.deleteForcibly(name);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        names.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
