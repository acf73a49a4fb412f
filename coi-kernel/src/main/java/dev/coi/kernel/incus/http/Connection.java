package dev.coi.kernel.incus.http;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/** One stream connection that carries a request and its response, with buffered input and output. */
interface Connection extends Closeable {

    InputStream input();

    OutputStream output();

    /**
     * Sets how long a single read or write may wait for the peer.
     *
     * @param timeout the longest wait
     */
    void timeout(Duration timeout);
}
