package uk.safeguarding.hub.intake;

import io.netty.channel.ChannelHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import org.apache.camel.component.netty.ChannelHandlerFactory;
import org.apache.camel.component.netty.DefaultChannelHandlerFactory;
import org.apache.camel.support.jsse.CipherSuitesParameters;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.SecureSocketProtocolsParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The parts of the MLLP listener the {@code intake-hl7} route names (camel-netty): TLS from the hub's SSL bundle
 * with the client certificate required (TLS 1.3 and 1.2, the bundle's AEAD suites; the key follows the bundle, so
 * a rotated hub certificate reaches new connections at once); then, per connection, an idle limit, MLLP framing
 * with the frame limit {@code hub.intake.max-bytes}, and the guard that answers a frame past it and keeps
 * anything a connection sent out of the log.
 */
@Configuration(proxyBeanMethods = false)
class MllpListener {

    @Bean
    SSLContextParameters mllpTls(SslBundles bundles) {
        SslBundle hub = bundles.getBundle("hub");
        FollowingKeyManager following = new FollowingKeyManager(bundles, "hub");
        KeyManagersParameters keys = new KeyManagersParameters() {
            @Override
            public KeyManager[] createKeyManagers() {
                return new KeyManager[] {following};
            }
        };
        KeyStoreParameters trustStore = new KeyStoreParameters();
        trustStore.setKeyStore(hub.getStores().getTrustStore());
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setKeyStore(trustStore);
        SecureSocketProtocolsParameters protocols = new SecureSocketProtocolsParameters();
        protocols.setSecureSocketProtocol(List.of("TLSv1.3", "TLSv1.2"));
        SSLContextParameters tls = new SSLContextParameters();
        if (hub.getOptions().getCiphers() != null) {
            CipherSuitesParameters suites = new CipherSuitesParameters();
            suites.setCipherSuite(List.of(hub.getOptions().getCiphers()));
            tls.setCipherSuites(suites);
        }
        tls.setKeyManagers(keys);
        tls.setTrustManagers(trust);
        tls.setSecureSocketProtocols(protocols);
        return tls;
    }

    @Bean
    ChannelHandlerFactory mllpIdleLimit(MllpProperties mllp) {
        long seconds = mllp.idleTimeout().toSeconds();
        return perConnection(() -> new ReadTimeoutHandler(seconds, TimeUnit.SECONDS));
    }

    @Bean
    ChannelHandlerFactory mllpFrames(IntakeProperties intake) {
        return perConnection(() -> new MllpFrameDecoder(intake.maxBytes()));
    }

    @Bean
    ChannelHandler mllpGuard(MllpProperties mllp, Hl7Intake intake) {
        return new MllpConnectionGuard(mllp.maxConnections(), intake::refuseTooLong);
    }

    @Bean
    ChannelHandler mllpFrameEncoder() {
        return new MllpFrameEncoder();
    }

    /** camel-netty makes a connection's own handler from a factory (framing keeps state per connection). */
    private static ChannelHandlerFactory perConnection(java.util.function.Supplier<ChannelHandler> handler) {
        return new DefaultChannelHandlerFactory() {
            @Override
            public ChannelHandler newChannelHandler() {
                return handler.get();
            }
        };
    }
}
