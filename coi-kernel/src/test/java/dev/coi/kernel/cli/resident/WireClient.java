package dev.coi.kernel.cli.resident;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Speaks the client's side of the protocol, as {@code bin/coi} does, and collects the answer. */
final class WireClient {

    /** What came back: the frame types in order, standard output, standard error, the exit code (-1: none). */
    record Answer(String types, String out, String err, int exitCode) {
    }

    static Answer send(Path socket, String versionLine, Path workingDirectory, String terminals, List<String> args,
                       Map<String, String> variables) throws IOException {
        return send(socket, ResidentRequest.PROTOCOL, versionLine, workingDirectory, terminals, args, variables, true);
    }

    /** @param go whether it says go when the resident accepted (else it closes the connection then) */
    static Answer send(Path socket, String protocol, String versionLine, Path workingDirectory, String terminals,
                       List<String> args, Map<String, String> variables, boolean go) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            // the whole request in one write, before the resident reads: a resident that refuses closes with part
            // of it unread, and a write that then fails with a reset makes the JDK refuse every later read, so the
            // answer the resident sent before would be lost to this client (bin/coi still reads it)
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream whole = new DataOutputStream(bytes);
            string(whole, protocol);
            string(whole, versionLine);
            string(whole, workingDirectory.toString());
            string(whole, terminals);
            whole.writeInt(args.size());
            for (String arg : args) {
                string(whole, arg);
            }
            whole.writeInt(variables.size());
            for (Map.Entry<String, String> variable : variables.entrySet()) {
                string(whole, variable.getKey() + "=" + variable.getValue());
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            DataOutputStream request = new DataOutputStream(Channels.newOutputStream(channel));
            return read(new DataInputStream(Channels.newInputStream(channel)), go ? request : null);
        }
    }

    /** @param goTo where the go goes after the resident accepted; null: the answer ends there */
    private static Answer read(DataInputStream answer, DataOutputStream goTo) throws IOException {
        StringBuilder types = new StringBuilder();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = -1;
        while (true) {
            int type;
            try {
                type = answer.readUnsignedByte();
            } catch (EOFException e) {
                break;
            }
            byte[] payload = answer.readNBytes(answer.readInt());
            if (types.isEmpty() || types.charAt(types.length() - 1) != type) {
                types.append((char) type);
            }
            if (type == Frames.ACCEPTED) {
                if (goTo == null) {
                    break;
                }
                goTo.write(ResidentRequest.GO);
                goTo.flush();
            }
            switch (type) {
                case 'O' -> out.write(payload);
                case 'E' -> err.write(payload);
                case 'X' -> exitCode = ByteBuffer.wrap(payload).getInt();
                default -> { }
            }
        }
        return new Answer(types.toString(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                exitCode);
    }

    private static void string(DataOutputStream request, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        request.writeInt(bytes.length);
        request.write(bytes);
    }

    private WireClient() {
    }
}
