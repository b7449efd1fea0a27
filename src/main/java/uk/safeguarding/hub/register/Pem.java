package uk.safeguarding.hub.register;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Reads PEM certificates and unencrypted private keys with Bouncy Castle's parser. */
public final class Pem {

    private Pem() {}

    public static X509Certificate readCertificate(Path path) throws IOException {
        try (Reader reader = Files.newBufferedReader(path);
                PEMParser parser = new PEMParser(reader)) {
            Object o = parser.readObject();
            if (!(o instanceof X509CertificateHolder holder)) {
                throw new IOException(path + " holds no PEM certificate");
            }
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IOException(path + ": " + e.getMessage(), e);
        }
    }

    /** The one certificate a PEM text holds. */
    public static X509Certificate certificate(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new java.io.StringReader(pem))) {
            Object o = parser.readObject();
            if (!(o instanceof X509CertificateHolder holder)) {
                throw new IOException("no PEM certificate");
            }
            if (parser.readObject() != null) {
                throw new IOException("more than one object; give one certificate");
            }
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException | RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The certificate in PEM. */
    public static String text(X509Certificate certificate) {
        java.io.StringWriter out = new java.io.StringWriter();
        try (org.bouncycastle.openssl.jcajce.JcaPEMWriter writer =
                new org.bouncycastle.openssl.jcajce.JcaPEMWriter(out)) {
            writer.writeObject(certificate);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    public static PrivateKey readPrivateKey(Path path) throws IOException {
        try (Reader reader = Files.newBufferedReader(path);
                PEMParser parser = new PEMParser(reader)) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IOException(path + " holds no unencrypted PEM private key");
        }
    }
}
