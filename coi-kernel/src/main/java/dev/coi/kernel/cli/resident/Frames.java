package dev.coi.kernel.cli.resident;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** The resident's answer to one client: frames of a type byte, a length and the payload. */
final class Frames {

    static final byte FALLBACK = 'F';
    static final byte ACCEPTED = 'A';
    static final byte OUT = 'O';
    static final byte ERR = 'E';
    static final byte EXIT = 'X';

    private final DataOutputStream socket;

    Frames(OutputStream socket) {
        this.socket = new DataOutputStream(socket);
    }

    /** Tells the client to run the command in a JVM of its own. */
    void fallback() throws IOException {
        frame(FALLBACK, new byte[0], 0, 0);
    }

    /** Tells the client the command will run once it says go. */
    void accepted() throws IOException {
        frame(ACCEPTED, new byte[0], 0, 0);
    }

    void exit(int code) throws IOException {
        frame(EXIT, new byte[] {(byte) (code >>> 24), (byte) (code >>> 16), (byte) (code >>> 8), (byte) code}, 0, 4);
    }

    /** A stream whose every write becomes a frame of that type for the client's standard output or error. */
    OutputStream stream(byte type) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                if (length > 0) {
                    frame(type, bytes, offset, length);
                }
            }
        };
    }

    /** Standard output and error are written from different threads (a child's output is copied on its own). */
    private synchronized void frame(byte type, byte[] bytes, int offset, int length) throws IOException {
        socket.writeByte(type);
        socket.writeInt(length);
        socket.write(bytes, offset, length);
        socket.flush();
    }
}
