package dev.coi.kernel.cli.resident;

import dev.coi.kernel.base.ProcessLock;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The resident coi: a JVM that stays after a command so that the next ones need no JVM start. It listens on a unix
 * socket in a folder only its user can enter, answers only its own user, and ends when it has been idle a while,
 * when its socket is removed (with {@code ~/.coi}), or when the coi it was started from is upgraded or removed.
 */
public final class Resident {

    /** How often it looks whether it should end. */
    static final Duration LOOK_EVERY = Duration.ofSeconds(1);
    /** Owned by the process's (effective) user. */
    private static final Path PROCESS = Path.of("/proc/self");
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    /** Answers requests. */
    interface Handler {
        /** Whether it runs this request (else the client runs it in a JVM of its own); may {@link #stop} it. */
        boolean takes(ResidentRequest request, Resident resident);

        /** Runs a request it took, to its exit frame. */
        void run(ResidentRequest request, Frames frames) throws IOException;
    }

    private final ResidentAddress address;
    private final Handler handler;
    private final BooleanSupplier installationChanged;
    private final Duration idleLimit;
    private final Clock clock;
    private final PrintStream log;
    private final AtomicInteger serving = new AtomicInteger();
    private volatile Instant lastUse;
    private volatile String stopReason;
    private ServerSocketChannel server;

    /**
     * @param installationChanged whether the files it runs from were replaced or removed since it started
     * @param idleLimit how long it waits for a request before it ends
     * @param log where it says when and why it starts and ends
     */
    Resident(ResidentAddress address, Handler handler, BooleanSupplier installationChanged, Duration idleLimit,
             Clock clock, PrintStream log) {
        this.address = address;
        this.handler = handler;
        this.installationChanged = installationChanged;
        this.idleLimit = idleLimit;
        this.clock = clock;
        this.log = log;
    }

    /**
     * Serves until it should end.
     *
     * @return false when another resident of the same address runs (this one served nothing)
     */
    boolean run() throws IOException, InterruptedException {
        // its owner is this process's user, by uid (UserPrincipal.equals of unix file systems compares uids)
        UserPrincipal self = Files.getOwner(PROCESS);
        ownFolder(address.socket().getParent(), self);
        Optional<ProcessLock> acquired = ProcessLock.tryAcquire(address.lock());
        if (acquired.isEmpty()) {
            return false;
        }
        ExecutorService requests = Executors.newCachedThreadPool();
        try (ProcessLock lock = acquired.get(); ServerSocketChannel listening = listen()) {
            Object socketFile = fileKey(address.socket());
            lastUse = clock.instant();
            log("resident started (pid " + ProcessHandle.current().pid() + "), listening on " + address.socket());
            Thread watch = Thread.ofPlatform().daemon().name("resident-watch").start(() -> watch(socketFile));
            while (true) {
                SocketChannel client;
                try {
                    client = listening.accept();
                } catch (ClosedChannelException e) {
                    break;
                }
                serving.incrementAndGet();
                requests.execute(() -> serve(client, self));
            }
            watch.interrupt();
            requests.shutdown();
            requests.awaitTermination(1, TimeUnit.MINUTES);
            if (Objects.equals(fileKey(address.socket()), socketFile)) {
                Files.deleteIfExists(address.socket());
            }
            log("resident done: " + stopReason);
        } finally {
            requests.shutdownNow();
        }
        return true;
    }

    /** Stops taking requests; those being served are finished. */
    void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
        try {
            server.close();
        } catch (IOException e) {
            // closing a listening socket that fails to close leaves nothing more to do
        }
    }

    private ServerSocketChannel listen() throws IOException {
        Files.deleteIfExists(address.socket());
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(address.socket()));
        return server;
    }

    /**
     * Answers a client of its own uid: the JDK gives the peer's uid only inside its principal, whose equality is
     * that of the uid (two users of one name are told apart; ResidentTest pins it).
     */
    private void serve(SocketChannel client, UserPrincipal self) {
        try (client) {
            UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (!peer.user().equals(self)) {
                log("refused a request of another user (" + peer.user().getName() + ")");
                return;
            }
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(client)));
            Frames frames = new Frames(Channels.newOutputStream(client));
            ResidentRequest request;
            try {
                request = ResidentRequest.read(in);
            } catch (ResidentRequest.OtherProtocol e) {
                frames.fallback();
                stop(e.getMessage() + " asked");
                return;
            }
            if (!handler.takes(request, this)) {
                frames.fallback();
                return;
            }
            frames.accepted();
            if (in.read() != ResidentRequest.GO) {
                log("a client went away before its command started");
                return;
            }
            handler.run(request, frames);
        } catch (IOException | RuntimeException e) {
            log("a request failed: " + e);
        } finally {
            lastUse = clock.instant();
            serving.decrementAndGet();
        }
    }

    private void watch(Object socketFile) {
        while (stopReason == null) {
            try {
                Thread.sleep(LOOK_EVERY.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            Optional<String> reason = reasonToEnd(socketFile);
            reason.ifPresent(this::stop);
        }
    }

    private Optional<String> reasonToEnd(Object socketFile) {
        if (!Objects.equals(fileKey(address.socket()), socketFile)) {
            return Optional.of("its socket " + address.socket() + " was removed or replaced");
        }
        if (installationChanged.getAsBoolean()) {
            return Optional.of("the coi it runs was upgraded or removed");
        }
        if (serving.get() == 0 && Duration.between(lastUse, clock.instant()).compareTo(idleLimit) >= 0) {
            return Optional.of("no request for " + idleLimit.toMinutes() + " min");
        }
        return Optional.empty();
    }

    /**
     * The socket's folder, only its user's, as the client checks it: one another user owns, or a symbolic link, is
     * refused, and one made before with wider permissions (by the lock's {@code createDirectories}) is narrowed.
     */
    private static void ownFolder(Path folder, UserPrincipal self) throws IOException {
        Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        PosixFileAttributes attributes = Files.readAttributes(folder, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isDirectory() || !attributes.owner().equals(self)) {
            throw new IOException(folder + (attributes.isDirectory() ? " belongs to " + attributes.owner().getName()
                    : " is not a folder") + ", not to " + self.getName()
                    + "; remove it, and the resident coi makes it again");
        }
        Files.setPosixFilePermissions(folder, OWNER_ONLY);
    }

    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private void log(String line) {
        log.println(clock.instant() + " " + line);
        log.flush();
    }
}
