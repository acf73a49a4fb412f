package dev.coi.kernel.cli.resident;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the client sends once it is connected: who it is, where and on what it runs, and the command line.
 *
 * @param versionLine what the client prints for {@code --version}: a resident of another build must not answer
 * @param workingDirectory the client's working directory
 * @param terminals whether standard input, output and error are terminals
 * @param args the arguments after {@code coi}
 * @param variables the client's environment
 */
record ResidentRequest(String versionLine, Path workingDirectory, boolean[] terminals, List<String> args,
                       Map<String, String> variables) {

    /** Changes whenever the wire format or the order of frames does, so that clients and residents of different
     * protocols refuse each other (see bin/coi's source, dist/src/main/c/coi-client.c). */
    static final String PROTOCOL = "coi-resident 2";
    /** The client's byte after {@link Frames#ACCEPTED}: the command runs only then. */
    static final int GO = 'G';
    /** Bounds what a request may make the resident allocate; real ones are a few KiB. */
    private static final int MAX_STRING_BYTES = 1 << 20;
    private static final int MAX_COUNT = 1 << 16;

    static ResidentRequest read(DataInputStream in) throws IOException {
        String protocol = string(in);
        if (!protocol.equals(PROTOCOL)) {
            throw new OtherProtocol(protocol);
        }
        String versionLine = string(in);
        Path workingDirectory = Path.of(string(in));
        String terminalFlags = string(in);
        if (terminalFlags.length() != 3) {
            throw new IOException("terminal flags must be 3 characters, got '" + terminalFlags + "'");
        }
        boolean[] terminals = new boolean[3];
        for (int fd = 0; fd < 3; fd++) {
            terminals[fd] = terminalFlags.charAt(fd) == 't';
        }
        List<String> args = strings(in);
        Map<String, String> variables = new LinkedHashMap<>();
        for (String entry : strings(in)) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                variables.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        return new ResidentRequest(versionLine, workingDirectory, terminals, List.copyOf(args), variables);
    }

    /** A request of a client that speaks another protocol, e.g. an older {@code bin/coi}. */
    static final class OtherProtocol extends IOException {
        OtherProtocol(String protocol) {
            super("a client of another protocol ('" + protocol + "')");
        }
    }

    boolean isTerminal(int fd) {
        return terminals[fd];
    }

    private static List<String> strings(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > MAX_COUNT) {
            throw new IOException("a list of " + Integer.toUnsignedString(count) + " strings is more than a request holds");
        }
        List<String> strings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            strings.add(string(in));
        }
        return strings;
    }

    private static String string(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_STRING_BYTES) {
            throw new IOException("a string of " + Integer.toUnsignedString(length) + " bytes is more than a request holds");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
