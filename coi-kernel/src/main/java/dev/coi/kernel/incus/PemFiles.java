package dev.coi.kernel.incus;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificates and private keys in the PEM files the incus command line writes. Its client key is an EC key in
 * SEC 1 form ({@code EC PRIVATE KEY}), which the JDK reads only as PKCS #8: it is wrapped here, as it is for a
 * PKCS #1 RSA key, so that no second crypto library is needed.
 */
final class PemFiles {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)-----END \\1-----");
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] RSA_ENCRYPTION = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d,
            0x01, 0x01, 0x01, 0x05, 0x00};

    private PemFiles() {
    }

    /**
     * The certificates of a PEM file, in their order.
     *
     * @param file the file
     * @return the certificates; at least one
     * @throws IOException when the file cannot be read or holds no certificate
     */
    static List<X509Certificate> certificates(Path file) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks(file)) {
                if (block.type().equals("CERTIFICATE")) {
                    certificates.add((X509Certificate) factory.generateCertificate(
                            new ByteArrayInputStream(block.der())));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " holds a certificate that cannot be read: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IOException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return certificates;
    }

    /**
     * The private key of a PEM file: PKCS #8, SEC 1 EC or PKCS #1 RSA.
     *
     * @param file the file
     * @return the key
     * @throws IOException when the file cannot be read or holds no key of those forms
     */
    static PrivateKey privateKey(Path file) throws IOException {
        for (Block block : blocks(file)) {
            try {
                switch (block.type()) {
                    case "PRIVATE KEY" -> {
                        return pkcs8(block.der());
                    }
                    case "EC PRIVATE KEY" -> {
                        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                                wrap(concat(EC_PUBLIC_KEY, curveOf(block.der())), block.der())));
                    }
                    case "RSA PRIVATE KEY" -> {
                        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                                wrap(RSA_ENCRYPTION, block.der())));
                    }
                    default -> {
                        // a certificate beside the key, or parameters: not the key
                    }
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new IOException(file + " holds a private key that cannot be read: " + e.getMessage(), e);
            }
        }
        throw new IOException(file + " holds no PEM private key (PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY)");
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    /** The named curve of a SEC 1 key: the object identifier in its {@code [0]} parameters. */
    private static byte[] curveOf(byte[] sec1) {
        Der sequence = Der.at(sec1, 0);
        int position = sequence.contentStart();
        while (position < sequence.end()) {
            Der field = Der.at(sec1, position);
            if ((sec1[position] & 0xff) == 0xa0) {
                return Arrays.copyOfRange(sec1, field.contentStart(), field.end());
            }
            position = field.end();
        }
        throw new IllegalArgumentException("the EC key does not name its curve");
    }

    /** A PKCS #8 PrivateKeyInfo: version 0, the algorithm, the key in an octet string. */
    private static byte[] wrap(byte[] algorithm, byte[] key) {
        return Der.tlv(0x30, concat(new byte[] {0x02, 0x01, 0x00}, Der.tlv(0x30, algorithm), Der.tlv(0x04, key)));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static List<Block> blocks(Path file) throws IOException {
        Matcher matcher = BLOCK.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        List<Block> blocks = new ArrayList<>();
        while (matcher.find()) {
            try {
                blocks.add(new Block(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2))));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " holds a damaged PEM block (" + matcher.group(1) + ")", e);
            }
        }
        return blocks;
    }

    private record Block(String type, byte[] der) {
    }

    /** One DER value's extent in a byte array: where its content starts and where it ends. */
    private record Der(int contentStart, int end) {

        static Der at(byte[] bytes, int position) {
            if (position + 2 > bytes.length) {
                throw new IllegalArgumentException("the key ends within a DER value");
            }
            int first = bytes[position + 1] & 0xff;
            int start = position + 2;
            long length = first;
            if (first >= 0x80) {
                int count = first & 0x7f;
                if (count == 0 || count > 4 || start + count > bytes.length) {
                    throw new IllegalArgumentException("the key has a DER length coi cannot read");
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | (bytes[start + i] & 0xff);
                }
                start += count;
            }
            if (start + length > bytes.length) {
                throw new IllegalArgumentException("the key ends within a DER value");
            }
            return new Der(start, (int) (start + length));
        }

        static byte[] tlv(int tag, byte[] content) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(tag);
            int length = content.length;
            if (length < 0x80) {
                out.write(length);
            } else {
                int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
                out.write(0x80 | bytes);
                for (int i = bytes - 1; i >= 0; i--) {
                    out.write(length >>> (8 * i));
                }
            }
            out.writeBytes(content);
            return out.toByteArray();
        }
    }
}
