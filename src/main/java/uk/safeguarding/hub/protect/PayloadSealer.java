package uk.safeguarding.hub.protect;

import java.io.IOException;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.util.List;
import java.util.function.Supplier;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Seals a payload for one recipient (docs/messages.md "What recipients get"): {@code SignedData} by the hub's key
 * (SHA-256, the hub's certificate included) inside {@code AuthEnvelopedData} (AES-256-GCM, the content key
 * wrapped with RSAES-OAEP SHA-256 to the recipient's certificate). DER out; the AES-GCM
 * runs on the JDK's provider.
 */
public class PayloadSealer {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Supplier<HubIdentity.SigningKey> hub;
    private final AlgorithmIdentifier oaepSha256;

    public PayloadSealer(PrivateKey hubKey, X509Certificate hubCertificate) {
        this(() -> new HubIdentity.SigningKey(hubKey, hubCertificate));
    }

    /** Signs with whatever key the hub holds at the time: a rotation takes effect at the next share. */
    public PayloadSealer(Supplier<HubIdentity.SigningKey> hub) {
        this.hub = hub;
        try {
            this.oaepSha256 = new JcaAlgorithmParametersConverter()
                    .getAlgorithmIdentifier(
                            PKCSObjectIdentifiers.id_RSAES_OAEP,
                            new OAEPParameterSpec(
                                    "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA-OAEP SHA-256 parameters unavailable", e);
        }
    }

    public byte[] seal(byte[] payload, X509Certificate recipient) {
        return seal(payload, List.of(recipient));
    }

    /**
     * Signed once, encrypted to each of the recipient's certificates (one content key, one recipient info per
     * certificate): during a rotation either of the agency's keys opens it.
     */
    public byte[] seal(byte[] payload, List<X509Certificate> recipients) {
        if (recipients.isEmpty()) {
            throw new IllegalStateException("no certificate in force to seal to");
        }
        try {
            return encrypt(sign(payload), recipients);
        } catch (CMSException | OperatorCreationException | GeneralSecurityException | IOException e) {
            throw new IllegalStateException(
                    "cannot seal payload for " + recipients.get(0).getSubjectX500Principal() + ": " + e.getMessage(),
                    e);
        }
    }

    byte[] sign(byte[] payload) throws OperatorCreationException, CMSException, GeneralSecurityException, IOException {
        HubIdentity.SigningKey signer = hub.get();
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                        new JcaDigestCalculatorProviderBuilder().build())
                .build(new JcaContentSignerBuilder(signer.algorithm()).build(signer.key()), signer.certificate()));
        generator.addCertificates(new JcaCertStore(List.of(signer.certificate())));
        CMSSignedData signed = generator.generate(new CMSProcessableByteArray(payload), true);
        return signed.getEncoded("DER");
    }

    byte[] encrypt(byte[] signedData, List<X509Certificate> recipients)
            throws CMSException, GeneralSecurityException, IOException {
        CMSAuthEnvelopedDataGenerator generator = new CMSAuthEnvelopedDataGenerator();
        for (X509Certificate recipient : recipients) {
            // The JDK's OAEP parameters, decoding the MGF1 identifier, throw and catch once per recipient inside
            // (they look for MGF1 AlgorithmParameters, which JDK 17 lacks): left, as it is the JDK's own path.
            generator.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(recipient, oaepSha256));
        }
        // The signed object travels as id-data, as in S/MIME sign-then-encrypt: a content type other than id-data
        // would need authenticated attributes, which OpenSSL 3.0 cannot parse in AuthEnvelopedData.
        // A fresh 96-bit nonce given with the parameters: left to itself Bouncy Castle asks the JDK for an AES-GCM
        // AlgorithmParameterGenerator, which it lacks, and catches the exception, once per share.
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        AlgorithmParameters gcm = AlgorithmParameters.getInstance("GCM");
        gcm.init(new GCMParameterSpec(128, nonce));
        OutputAEADEncryptor encryptor = (OutputAEADEncryptor) new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_GCM)
                .setAlgorithmParameters(gcm)
                .setSecureRandom(RANDOM)
                .build();
        CMSAuthEnvelopedData enveloped = generator.generate(new CMSProcessableByteArray(signedData), encryptor);
        return ContentInfo.getInstance(ASN1Primitive.fromByteArray(enveloped.getEncoded()))
                .getEncoded(ASN1Encoding.DER);
    }

    public X509Certificate hubCertificate() {
        return hub.get().certificate();
    }
}
