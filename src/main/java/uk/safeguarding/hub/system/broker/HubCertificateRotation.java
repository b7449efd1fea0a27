package uk.safeguarding.hub.system.broker;

import java.util.List;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.remoting.Acceptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStore;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import uk.safeguarding.hub.protect.HubIdentity;

/**
 * A rotation of the hub's key reaches everything that presents it: the {@code hub} SSL bundle is replaced (Tomcat
 * reloads its HTTPS connector; the MLLP listener's and the push client's key managers follow the bundle), and the
 * broker's TLS acceptor reloads its key store, which {@link HubIdentity} checked holds the same certificate.
 * Connections open at the time keep the session they have; every new handshake gets the new certificate.
 */
@Configuration(proxyBeanMethods = false)
class HubCertificateRotation {

    static final String BROKER_ACCEPTOR = "agencies-tls";

    @Bean
    static SmartInitializingSingleton hubCertificateFollowers(
            ObjectProvider<HubIdentity> identity,
            ObjectProvider<SslBundles> bundles,
            ObjectProvider<SslBundleRegistry> registry,
            ObjectProvider<EmbeddedActiveMQ> broker) {
        return () -> identity.getObject().onChange(key -> {
            SslBundle old = bundles.getObject().getBundle("hub");
            PemSslStoreBundle stores =
                    new PemSslStoreBundle(PemSslStore.of(List.of(key.certificate()), key.key()), null);
            registry.getObject()
                    .updateBundle(
                            "hub",
                            SslBundle.of(
                                    SslStoreBundle.of(
                                            stores.getKeyStore(),
                                            null,
                                            old.getStores().getTrustStore()),
                                    old.getKey(),
                                    old.getOptions(),
                                    old.getProtocol()));
            EmbeddedActiveMQ embedded = broker.getIfAvailable();
            if (embedded != null && embedded.getActiveMQServer() != null) {
                Acceptor acceptor =
                        embedded.getActiveMQServer().getRemotingService().getAcceptor(BROKER_ACCEPTOR);
                if (acceptor != null) {
                    acceptor.reload();
                }
            }
        });
    }
}
