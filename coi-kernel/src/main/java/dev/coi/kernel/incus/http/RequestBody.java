package dev.coi.kernel.incus.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a request sends after its head: a known number of bytes that can be opened as a stream. */
public interface RequestBody {

    /** No body at all (no {@code Content-Length} either). */
    RequestBody NONE = new RequestBody() {
        @Override
        public long length() {
            return -1;
        }

        @Override
        public InputStream open() {
            return InputStream.nullInputStream();
        }
    };

    /**
     * The number of bytes, or -1 when the request has no body.
     *
     * @return the length
     */
    long length();

    /**
     * Opens the bytes to send.
     *
     * @return a new stream; the caller closes it
     * @throws IOException when a file cannot be read
     */
    InputStream open() throws IOException;

    static RequestBody of(byte[] bytes) {
        return new RequestBody() {
            @Override
            public long length() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        };
    }

    /**
     * A file sent as it is read, never held in memory as a whole.
     *
     * @param file the file
     * @return the body
     * @throws IOException when its size cannot be read
     */
    static RequestBody of(Path file) throws IOException {
        long size = Files.size(file);
        return new RequestBody() {
            @Override
            public long length() {
                return size;
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }
        };
    }
}
