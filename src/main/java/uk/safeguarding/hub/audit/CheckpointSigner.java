package uk.safeguarding.hub.audit;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * The key checkpoints are signed with now, and the certificates of the keys they were signed with before (the
 * hub's key is rotated without a restart).
 */
public interface CheckpointSigner {

    PrivateKey key();

    X509Certificate certificate();

    /** A certificate the hub has signed with, by SHA-256 fingerprint (hex), if it is one the hub trusts. */
    Optional<X509Certificate> signedWith(String fingerprint);

    /** One key for good (tests, tools). */
    static CheckpointSigner fixed(PrivateKey key, X509Certificate certificate) {
        return new CheckpointSigner() {
            @Override
            public PrivateKey key() {
                return key;
            }

            @Override
            public X509Certificate certificate() {
                return certificate;
            }

            @Override
            public Optional<X509Certificate> signedWith(String fingerprint) {
                return Optional.of(certificate)
                        .filter(c -> Checkpoints.fingerprint(c).equals(fingerprint));
            }
        };
    }
}
