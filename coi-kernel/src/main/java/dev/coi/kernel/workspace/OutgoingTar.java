package dev.coi.kernel.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;

/** Host files into a tar for the container, read without following links: a link goes in as a link. */
final class OutgoingTar {

    private OutgoingTar() {
    }

    /** Adds the file or link at the path; what is something else is left out. */
    static FileVersion add(TarWriter tar, Path root, String path) throws IOException {
        Path file = root.resolve(path);
        PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        long mtime = attributes.lastModifiedTime().toMillis();
        if (attributes.isSymbolicLink()) {
            String target = Files.readSymbolicLink(file).toString();
            tar.symlink(path, target, mtime / 1000);
            return FileVersion.link(target);
        }
        if (!attributes.isRegularFile()) {
            return FileVersion.other("special file");
        }
        boolean executable = attributes.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            var digest = HostWorkspace.newDigest();
            try (var digesting = new java.security.DigestInputStream(in, digest)) {
                // a file's own mode minus setuid, setgid and sticky bits, which nobody needs in a workspace
                tar.file(path, mode(attributes), mtime / 1000, attributes.size(), digesting);
            }
            return FileVersion.file(java.util.HexFormat.of().formatHex(digest.digest()), attributes.size(), mtime,
                    executable);
        }
    }

    private static int mode(PosixFileAttributes attributes) {
        int mode = 0;
        for (PosixFilePermission permission : attributes.permissions()) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }
}
