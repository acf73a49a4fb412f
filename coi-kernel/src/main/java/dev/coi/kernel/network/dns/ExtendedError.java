package dev.coi.kernel.network.dns;

/**
 * An Extended DNS Error (RFC 8914) that says why coi's proxy answered as it did, for the tool that reads it.
 *
 * @param infoCode the INFO-CODE, e.g. {@link #PROHIBITED}
 * @param text the EXTRA-TEXT, shown to people
 */
record ExtendedError(int infoCode, String text) {

    static final int OTHER = 0;
    static final int PROHIBITED = 18;
    static final int NO_REACHABLE_AUTHORITY = 22;

    static ExtendedError prohibited(String text) {
        return new ExtendedError(PROHIBITED, text);
    }
}
