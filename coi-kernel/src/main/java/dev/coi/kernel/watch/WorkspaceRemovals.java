package dev.coi.kernel.watch;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Counts the files and folders removed from a workspace, as the host's inotify sees them: what the container does
 * through its mount of the folder reaches a watch on the host like any other change. Folders are watched down to
 * {@link #DEPTH} levels below the workspace, the shallow ones first, and at most {@link #FOLDERS} of them (each is
 * one of the user's inotify watches): a removed tree counts what it held down to that depth. A thread of its own
 * takes the events as they come, so that the kernel's queue does not overflow between two looks; when it does all
 * the same, what was lost is counted as {@link #LOST}, the least that an overflow means.
 */
final class WorkspaceRemovals implements Closeable {

    static final int DEPTH = 4;
    static final int FOLDERS = 2000;
    /** The length of the JDK's event list of one watched folder, beyond which it reports an overflow. */
    static final long LOST = 512;

    private final Path workspace;
    private final WatchService service;
    private final Map<WatchKey, Path> folders = new ConcurrentHashMap<>();
    private final AtomicLong removed = new AtomicLong();

    private WorkspaceRemovals(Path workspace, WatchService service) {
        this.workspace = workspace;
        this.service = service;
    }

    /**
     * Starts counting.
     *
     * @param workspace the host folder
     * @throws IOException when it cannot be watched (gone, unreadable, no inotify watch left)
     */
    static WorkspaceRemovals watch(Path workspace) throws IOException {
        WorkspaceRemovals removals = new WorkspaceRemovals(workspace, workspace.getFileSystem().newWatchService());
        try {
            removals.register(workspace);
        } catch (IOException e) {
            removals.close();
            throw e;
        }
        Thread taker = new Thread(removals::take, "workspace removals " + workspace);
        taker.setDaemon(true);
        taker.start();
        return removals;
    }

    /** Files and folders removed since the count began. */
    long count() {
        return removed.get();
    }

    @Override
    public void close() throws IOException {
        service.close();
    }

    /** Watches a folder and the folders below it, breadth first, to the depth and number allowed. */
    private void register(Path top) throws IOException {
        Deque<Path> pending = new ArrayDeque<>();
        pending.add(top);
        while (!pending.isEmpty() && folders.size() < FOLDERS) {
            Path folder = pending.removeFirst();
            try {
                folders.put(folder.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_DELETE), folder);
            } catch (IOException e) {
                if (folder.equals(workspace)) {
                    throw e;
                }
                // a folder removed or made unreadable meanwhile: nothing below it to watch
                continue;
            }
            if (workspace.relativize(folder).getNameCount() < DEPTH) {
                try (Stream<Path> entries = Files.list(folder)) {
                    entries.filter(entry -> Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)).forEach(pending::add);
                } catch (IOException e) {
                    // as above
                }
            }
        }
    }

    private void take() {
        try {
            while (true) {
                WatchKey key = service.take();
                Path folder = folders.get(key);
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        removed.addAndGet(LOST);
                    } else if (event.kind() == StandardWatchEventKinds.ENTRY_DELETE) {
                        removed.incrementAndGet();
                    } else if (folder != null && event.context() instanceof Path name) {
                        Path created = folder.resolve(name);
                        if (Files.isDirectory(created, LinkOption.NOFOLLOW_LINKS)
                                && workspace.relativize(created).getNameCount() <= DEPTH) {
                            registerQuietly(created);
                        }
                    }
                }
                if (!key.reset()) {
                    folders.remove(key);
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed: the session is no longer watched
        }
    }

    private void registerQuietly(Path folder) {
        try {
            register(folder);
        } catch (IOException e) {
            // only the workspace itself throws
        }
    }
}
