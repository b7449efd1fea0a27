package uk.safeguarding.hub.policy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.register.Agency;

/** Agencies with real (self-signed, 2048-bit for speed) certificates for the engine's tests. */
public final class TestAgencies {

    private static final Instant BASE = Instant.parse("2026-11-23T10:00:00Z");
    private static KeyPair keys;

    private TestAgencies() {}

    public static Agency agency(String id, AgencyRole role, boolean frontDoor) {
        return new Agency(
                id,
                id,
                role,
                frontDoor,
                true,
                certificate(id, BASE.minus(Duration.ofDays(1)), BASE.plus(Duration.ofDays(365))));
    }

    public static Agency expired(String id, AgencyRole role) {
        return new Agency(
                id,
                id,
                role,
                false,
                true,
                certificate(id, BASE.minus(Duration.ofDays(400)), BASE.minus(Duration.ofDays(35))));
    }

    static synchronized X509Certificate certificate(String cn, Instant from, Instant to) {
        try {
            if (keys == null) {
                KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
                gen.initialize(2048);
                keys = gen.generateKeyPair();
            }
            X500Name name = new X500Name("CN=" + cn);
            return new JcaX509CertificateConverter()
                    .getCertificate(new JcaX509v3CertificateBuilder(
                                    name,
                                    BigInteger.valueOf(System.nanoTime()),
                                    Date.from(from),
                                    Date.from(to),
                                    name,
                                    keys.getPublic())
                            .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
