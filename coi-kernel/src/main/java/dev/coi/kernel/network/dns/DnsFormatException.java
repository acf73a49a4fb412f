package dev.coi.kernel.network.dns;

/** A DNS message that does not follow RFC 1035; the proxy drops it or answers FORMERR, it never ends on it. */
final class DnsFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    DnsFormatException(String message) {
        super(message);
    }
}
