package dev.coi.kernel.workspace;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** The host's workspace as the tar that goes into a container, and the manifest of what went in. */
final class CopyIn {

    private CopyIn() {
    }

    /**
     * @param leftOut receives the paths not copied, each with why
     * @return the manifest: each file and link that went in
     */
    static WorkspaceManifest write(HostWorkspace host, OutputStream out, List<String> leftOut) throws IOException {
        boolean git = host.isGitRepository();
        SortedMap<String, FileVersion> files = new TreeMap<>();
        try (TarWriter tar = new TarWriter(out)) {
            for (String path : host.list(git, leftOut)) {
                // a tracked file deleted on the host is listed by git and simply not there
                if (host.blockedParent(path).isPresent() || !Files.exists(host.root().resolve(path),
                        LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                FileVersion version = OutgoingTar.add(tar, host.root(), path);
                if (version.kind() == FileVersion.Kind.FILE || version.kind() == FileVersion.Kind.LINK) {
                    files.put(path, version);
                } else {
                    leftOut.add(path + ": a " + version.describe() + ", not copied");
                }
            }
        }
        return new WorkspaceManifest(git, files);
    }
}
