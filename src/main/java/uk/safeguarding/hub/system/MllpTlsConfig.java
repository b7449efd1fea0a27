package uk.safeguarding.hub.system;

import java.util.List;
import org.apache.camel.support.jsse.CipherSuitesParameters;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.SSLContextServerParameters;
import org.apache.camel.support.jsse.SecureSocketProtocolsParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import uk.safeguarding.hub.intake.Hl7MessageReader;
import uk.safeguarding.hub.intake.IntakeProperties;
import uk.safeguarding.hub.intake.MllpProperties;

/**
 * TLS for the MLLP listener from the same SSL bundle as HTTPS (the hub's key and certificate, the CA that issues
 * agency certificates), with the client certificate required: an MLLP connection without a certificate the CA
 * signed never completes its handshake. The key follows the bundle, so a rotation of the hub's certificate
 * reaches new connections at once. TLS 1.3 and 1.2 only, with the bundle's (AEAD) cipher suites. A frame
 * past {@code hub.intake.max-bytes} is answered AE and its connection closed (MllpFrameLimit).
 */
@Configuration(proxyBeanMethods = false)
class MllpTlsConfig {

    @Bean
    SSLContextParameters mllpTls(
            SslBundles bundles, IntakeProperties intake, Hl7MessageReader reader, MllpProperties mllp) {
        ListenerPorts.requireFree("MLLP listener", "hub.mllp.port", mllp.port());
        SslBundle hub = bundles.getBundle("hub");
        // The bundle's key as it is at each handshake: a rotated hub certificate is presented with no restart.
        FollowingKeyManager following = new FollowingKeyManager(bundles, "hub");
        KeyManagersParameters keys = new KeyManagersParameters() {
            @Override
            public javax.net.ssl.KeyManager[] createKeyManagers() {
                return new javax.net.ssl.KeyManager[] {following};
            }
        };
        KeyStoreParameters trustStore = new KeyStoreParameters();
        trustStore.setKeyStore(hub.getStores().getTrustStore());
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setKeyStore(trustStore);
        SSLContextServerParameters server = new SSLContextServerParameters();
        server.setClientAuthentication("REQUIRE");
        SecureSocketProtocolsParameters protocols = new SecureSocketProtocolsParameters();
        protocols.setSecureSocketProtocol(List.of("TLSv1.3", "TLSv1.2"));
        SSLContextParameters tls = new MllpFrameLimit(
                intake.maxBytes(),
                msh -> reader.acknowledge(msh, "AE", "message larger than " + intake.maxBytes() + " bytes", "207"));
        if (hub.getOptions().getCiphers() != null) {
            CipherSuitesParameters suites = new CipherSuitesParameters();
            suites.setCipherSuite(List.of(hub.getOptions().getCiphers()));
            tls.setCipherSuites(suites);
        }
        tls.setKeyManagers(keys);
        tls.setTrustManagers(trust);
        tls.setServerParameters(server);
        tls.setSecureSocketProtocols(protocols);
        return tls;
    }
}
