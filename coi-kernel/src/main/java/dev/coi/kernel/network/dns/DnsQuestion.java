package dev.coi.kernel.network.dns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The question of a DNS message.
 *
 * @param labels the name's labels as sent, byte for byte
 * @param type the query type (1 A, 28 AAAA, ...)
 * @param dnsClass the query class (1 IN)
 */
record DnsQuestion(List<String> labels, int type, int dnsClass) {

    DnsQuestion {
        labels = List.copyOf(labels);
    }

    static DnsQuestion read(WireReader reader) throws DnsFormatException {
        return new DnsQuestion(reader.name(), reader.u16(), reader.u16());
    }

    /** The name in lower case, without a trailing dot; the root is the empty string. */
    String name() {
        return String.join(".", labels).toLowerCase(Locale.ROOT);
    }

    /**
     * Whether every label holds only letters, digits, '-' and '_', the only names an allowlist can hold: a label
     * with a dot or any other octet inside must never pass for the name its dotted text spells.
     */
    boolean isHostName() {
        return !labels.isEmpty() && labels.stream().allMatch(label -> label.chars()
                .allMatch(c -> DomainPattern.isNameCharacter((char) c)));
    }

    /** The same question; names compare without regard to ASCII case, which resolvers may randomize. */
    boolean sameAs(DnsQuestion other) {
        if (type != other.type || dnsClass != other.dnsClass || labels.size() != other.labels.size()) {
            return false;
        }
        for (int i = 0; i < labels.size(); i++) {
            if (!labels.get(i).equalsIgnoreCase(other.labels.get(i))) {
                return false;
            }
        }
        return true;
    }

    void write(ByteArrayOutputStream out) {
        for (String label : labels) {
            byte[] octets = label.getBytes(StandardCharsets.ISO_8859_1);
            out.write(octets.length);
            out.write(octets, 0, octets.length);
        }
        out.write(0);
        WireWriter.u16(out, type);
        WireWriter.u16(out, dnsClass);
    }
}
