package dev.coi.kernel.network.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Optional;

/** DNS over TCP: each message after a two-octet length (RFC 1035 4.2.2), so never more than 65535 octets. */
final class TcpFraming {

    private TcpFraming() {
    }

    /** @return the next message, or empty when the peer closed the connection between messages */
    static Optional<byte[]> read(DataInputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            return Optional.empty();
        }
        int length = first << 8 | in.readUnsignedByte();
        byte[] message = new byte[length];
        in.readFully(message);
        if (length == 0) {
            throw new EOFException("empty DNS message");
        }
        return Optional.of(message);
    }

    static void write(DataOutputStream out, byte[] message) throws IOException {
        out.writeShort(message.length);
        out.write(message);
        out.flush();
    }
}
