package dev.coi.kernel.images.build;

import dev.coi.api.Progress;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.IncusNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What one build has made so far, so that a failure or an interrupt (Ctrl-C, SIGTERM) removes it again: the
 * build container always, images until the build {@linkplain #keepImages() keeps} them. Makers register each
 * thing right before Incus makes it. Safe for use by the build's thread and the shutdown hook at once.
 */
final class BuildTracker {

    /** How long an interrupted build may take to clean up after itself before the hook does it. */
    private static final long INTERRUPT_GRACE_SECONDS = 60;

    private final IncusClient incus;
    private final Progress progress;
    private final List<String> containers = new ArrayList<>();
    private final List<String> images = new ArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean interrupted;
    private Thread interruptible;

    BuildTracker(IncusClient incus, Progress progress) {
        this.incus = incus;
        this.progress = progress;
    }

    synchronized void container(String name) {
        containers.add(name);
    }

    synchronized void image(String fingerprint) {
        images.add(fingerprint);
    }

    /** The images made are the build's result from now on, not leftovers. */
    synchronized void keepImages() {
        images.clear();
    }

    /**
     * Until {@link #uninterruptible()}, an interrupt interrupts this thread too: for work on this host, such as
     * the offline builder's processes, which only the build's own thread can stop. Work in Incus is never
     * interrupted this way, as Incus would go on with it unseen.
     */
    synchronized void interruptible(Thread thread) {
        interruptible = thread;
        if (interrupted) {
            thread.interrupt();
        }
    }

    synchronized void uninterruptible() {
        interruptible = null;
    }

    boolean interrupted() {
        return interrupted;
    }

    /** Ends the build between two steps once it was interrupted. */
    void stopIfInterrupted() {
        if (interrupted) {
            throw new CoiException(ExitCodes.INTERRUPTED, "the build was interrupted");
        }
    }

    /** Removes the build containers now, e.g. as soon as the image is made. */
    synchronized void removeContainers() {
        for (String name : List.copyOf(containers)) {
            incus.deleteForcibly(name);
            containers.remove(name);
        }
    }

    /**
     * Removes everything not kept; each removal is tried even when another fails. Called when the build ends,
     * whether it succeeded or not.
     */
    synchronized void cleanUp() {
        for (String name : List.copyOf(containers)) {
            try {
                incus.deleteForcibly(name);
                containers.remove(name);
            } catch (IncusException e) {
                progress.warn("could not delete the build container " + name + ": " + e.getMessage()
                        + "; delete it with 'coi container delete " + name + " --force'");
            }
        }
        for (String fingerprint : List.copyOf(images)) {
            try {
                incus.images().delete(fingerprint);
            } catch (IncusNotFoundException e) {
                // never made, or gone already
            } catch (IncusException e) {
                progress.warn("could not delete the unfinished image " + fingerprint + ": " + e.getMessage());
            }
            images.remove(fingerprint);
        }
    }

    /** The build's thread is done, cleanup included. */
    void finished() {
        finished.countDown();
    }

    /**
     * Runs in the shutdown hook: deleting the build container at once ends a running build script (and
     * interrupting an {@linkplain #interruptible(Thread) interruptible} thread ends work on this host), so the
     * build's thread fails quickly and cleans up in its own order; if it does not finish in time, the hook
     * cleans up itself.
     */
    void interrupt() {
        interrupted = true;
        progress.warn("interrupted: removing the build container and any unfinished image");
        try {
            synchronized (this) {
                if (interruptible != null) {
                    interruptible.interrupt();
                }
                for (String name : containers) {
                    incus.deleteForcibly(name);
                }
            }
        } catch (IncusException e) {
            // the build's thread tries again when it cleans up
        }
        try {
            if (!finished.await(INTERRUPT_GRACE_SECONDS, TimeUnit.SECONDS)) {
                List<String> made;
                synchronized (this) {
                    made = List.copyOf(containers);
                }
                cleanUp();
                // Incus may still be making a container (downloading its image), which it cannot be asked to stop
                made.forEach(name -> progress.warn("if a container " + name + " shows up later, delete it with"
                        + " 'coi container delete " + name + " --force'"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
