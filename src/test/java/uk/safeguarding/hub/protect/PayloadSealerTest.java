package uk.safeguarding.hub.protect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.KeyTransRecipientInformation;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.safeguarding.hub.register.Pem;

/** Seals with the dev PKI and opens with Bouncy Castle as a recipient would: decrypt, then verify the hub's signature. */
class PayloadSealerTest {

    static final BouncyCastleProvider BC = new BouncyCastleProvider();

    @TempDir
    static Path dir;

    static PayloadSealer sealer;

    @BeforeAll
    static void makePki() throws Exception {
        new DevPki(dir).ensure(List.of("social-care"));
        sealer = new PayloadSealer(
                Pem.readPrivateKey(dir.resolve("hub-key.pem")), Pem.readCertificate(dir.resolve("hub.pem")));
    }

    @Test
    void theRecipientDecryptsAndVerifiesTheHubsSignature() throws Exception {
        byte[] payload = "{\"resourceType\":\"Bundle\"}".getBytes(StandardCharsets.UTF_8);
        X509Certificate recipient = Pem.readCertificate(dir.resolve("social-care.pem"));
        byte[] sealed = sealer.seal(payload, recipient);

        ContentInfo info = ContentInfo.getInstance(sealed);
        assertThat(info.getContentType()).isEqualTo(PKCSObjectIdentifiers.id_ct_authEnvelopedData);
        CMSAuthEnvelopedData enveloped = new CMSAuthEnvelopedData(sealed);
        assertThat(enveloped.getEncryptionAlgOID()).isEqualTo(CMSAlgorithm.AES256_GCM.getId());
        KeyTransRecipientInformation ri = (KeyTransRecipientInformation)
                enveloped.getRecipientInfos().getRecipients().iterator().next();
        assertThat(ri.getKeyEncryptionAlgOID()).isEqualTo(PKCSObjectIdentifiers.id_RSAES_OAEP.getId());

        PrivateKey key = Pem.readPrivateKey(dir.resolve("social-care-key.pem"));
        byte[] signedBytes = ri.getContent(new JceKeyTransEnvelopedRecipient(key).setProvider(BC));
        CMSSignedData signed = new CMSSignedData(signedBytes);
        assertThat(signed.getSignedContentTypeOID()).isEqualTo(CMSObjectIdentifiers.data.getId());
        SignerInformation signer =
                signed.getSignerInfos().getSigners().iterator().next();
        X509CertificateHolder hubCert = (X509CertificateHolder)
                signed.getCertificates().getMatches(signer.getSID()).iterator().next();
        assertThat(hubCert.getSubject().toString()).contains("CN=hub");
        assertThat(signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(hubCert)))
                .isTrue();
        assertThat((byte[]) signed.getSignedContent().getContent()).isEqualTo(payload);
    }

    @Test
    void anotherAgencysKeyCannotOpenIt() throws Exception {
        X509Certificate other = new DevPki(dir).issue("gp-other", java.time.Instant.now(), Duration.ofDays(1));
        byte[] sealed = sealer.seal(new byte[] {1, 2, 3}, other);
        KeyTransRecipientInformation ri = (KeyTransRecipientInformation) new CMSAuthEnvelopedData(sealed)
                .getRecipientInfos()
                .getRecipients()
                .iterator()
                .next();
        PrivateKey wrongKey = Pem.readPrivateKey(dir.resolve("social-care-key.pem"));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> ri.getContent(new JceKeyTransEnvelopedRecipient(wrongKey).setProvider(BC)))
                .isInstanceOf(Exception.class);
    }

    @Test
    void theDevPkiWritesWhatApiMdPromises() throws Exception {
        for (String f : List.of(
                "ca.pem", "hub.pem", "hub-key.pem", "social-care.pem", "social-care-key.pem", "social-care.p12")) {
            assertThat(dir.resolve(f)).exists();
        }
        X509Certificate hub = Pem.readCertificate(dir.resolve("hub.pem"));
        assertThat(hub.getSubjectAlternativeNames())
                .anySatisfy(san -> assertThat(san.get(1)).isEqualTo("localhost"));
        // The hub signs with EC P-256 (128-bit strength, fast signatures); agencies are encrypted to with RSA 3072.
        assertThat(((java.security.interfaces.ECPublicKey) hub.getPublicKey())
                        .getParams()
                        .getCurve()
                        .getField()
                        .getFieldSize())
                .isEqualTo(256);
        assertThat(((java.security.interfaces.RSAPublicKey) Pem.readCertificate(dir.resolve("social-care.pem"))
                                .getPublicKey())
                        .getModulus()
                        .bitLength())
                .isEqualTo(3072);
        var p12 = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(dir.resolve("social-care.p12"))) {
            p12.load(in, "changeit".toCharArray());
        }
        assertThat(p12.isKeyEntry("social-care")).isTrue();
    }
}
