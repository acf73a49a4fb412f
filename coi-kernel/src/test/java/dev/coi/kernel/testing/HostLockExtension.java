package dev.coi.kernel.testing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Takes the lock a {@link HostLock} names before the class's first test and gives it back after its last: a file
 * lock on {@code /var/tmp/coi-it-<name>-<user>.lock}, which the kernel frees when a JVM dies. One file per user,
 * because a file another user made in a shared directory may not be opened for writing.
 */
public final class HostLockExtension implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(HostLock.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        String name = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), HostLock.class)
                .orElseThrow().value();
        Path file = Path.of("/var/tmp", "coi-it-" + name + "-" + System.getProperty("user.name") + ".lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long start = System.nanoTime();
        FileLock lock;
        try {
            lock = channel.lock();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        long waited = (System.nanoTime() - start) / 1_000_000;
        if (waited > 1000) {
            System.err.printf("[coi-it] %s waited %.1f s for the %s lock%n", context.getRequiredTestClass()
                    .getSimpleName(), waited / 1000.0, name);
        }
        context.getStore(NAMESPACE).put(context.getRequiredTestClass(), lock);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        FileLock lock = context.getStore(NAMESPACE).remove(context.getRequiredTestClass(), FileLock.class);
        if (lock != null) {
            try (FileChannel channel = lock.channel()) {
                lock.release();
            }
        }
    }
}
