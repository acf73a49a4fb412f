package dev.coi.kernel.incus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PemFilesTest {

    @TempDir
    Path dir;

    /** Each key signs what its certificate's public key verifies: the key read is the certificate's. */
    @ParameterizedTest
    @CsvSource({
        "ec-client.key, ec-client.crt, EC, SHA384withECDSA",
        "pkcs8-client.key, ec-client.crt, EC, SHA384withECDSA",
        "rsa-client.key, rsa-client.crt, RSA, SHA256withRSA"
    })
    void theKeyFormsTheIncusCommandLineAndOpensslWriteAreRead(String keyFile, String certificateFile,
            String algorithm, String signing) throws Exception {
        PrivateKey key = PemFiles.privateKey(resource(keyFile));
        X509Certificate certificate = PemFiles.certificates(resource(certificateFile)).getFirst();

        assertEquals(algorithm, key.getAlgorithm());
        byte[] data = "coi".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance(signing);
        signer.initSign(key);
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(signing);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(data);
        assertTrue(verifier.verify(signature));
    }

    @Test
    void aFileWithoutAKeyOrCertificateSaysWhatItLacks() throws IOException {
        Path empty = Files.writeString(dir.resolve("client.key"), "not pem\n");

        IOException noKey = assertThrows(IOException.class, () -> PemFiles.privateKey(empty));
        IOException noCertificate = assertThrows(IOException.class, () -> PemFiles.certificates(empty));

        assertTrue(noKey.getMessage().contains(empty + " holds no PEM private key"), noKey.getMessage());
        assertTrue(noCertificate.getMessage().contains(empty + " holds no PEM certificate"),
                noCertificate.getMessage());
    }

    @Test
    void aDamagedKeyIsAnErrorNotACrash() throws IOException, GeneralSecurityException {
        Path damaged = Files.writeString(dir.resolve("client.key"),
                "-----BEGIN EC PRIVATE KEY-----\nMAMCAQE=\n-----END EC PRIVATE KEY-----\n");

        IOException failure = assertThrows(IOException.class, () -> PemFiles.privateKey(damaged));

        assertTrue(failure.getMessage().contains("cannot be read"), failure.getMessage());
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(PemFilesTest.class.getResource("remotes/" + name).toURI());
    }
}
