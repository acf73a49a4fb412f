package dev.coi.kernel.incus;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.X509TrustManager;

/**
 * Trusts a server only when it presents exactly the certificate stored for its remote, as the incus command line
 * does with the self-signed certificate it accepted at {@code incus remote add}: no authority, name or date of the
 * certificate is asked, so a server that shows another one is refused even when an authority signed it.
 */
final class PinnedCertificate implements X509TrustManager {

    /** Part of the message of the refusal, which {@link RemoteServer} recognises in the handshake's failure. */
    static final String REFUSAL = "not the certificate stored for this remote";

    private final List<X509Certificate> pinned;

    PinnedCertificate(List<X509Certificate> pinned) {
        this.pinned = List.copyOf(pinned);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server presented no certificate");
        }
        byte[] presented = chain[0].getEncoded();
        for (X509Certificate certificate : pinned) {
            if (Arrays.equals(presented, certificate.getEncoded())) {
                return;
            }
        }
        throw new CertificateException("the server presented " + chain[0].getSubjectX500Principal() + ", "
                + REFUSAL);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("coi is a client only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pinned.toArray(X509Certificate[]::new);
    }
}
