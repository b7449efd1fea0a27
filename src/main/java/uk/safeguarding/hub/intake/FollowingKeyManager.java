package uk.safeguarding.hub.intake;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * The key manager of an SSL bundle as it is now: a listener whose TLS context is made once at start (the MLLP
 * listener's) presents the hub's rotated certificate at its next handshake, without a restart.
 */
final class FollowingKeyManager extends X509ExtendedKeyManager {

    private volatile X509ExtendedKeyManager delegate;

    FollowingKeyManager(SslBundles bundles, String bundle) {
        follow(bundles.getBundle(bundle));
        bundles.addBundleUpdateHandler(bundle, this::follow);
    }

    private void follow(SslBundle bundle) {
        for (KeyManager km : bundle.getManagers().getKeyManagers()) {
            if (km instanceof X509ExtendedKeyManager x509) {
                delegate = x509;
                return;
            }
        }
        throw new IllegalStateException("the SSL bundle has no X.509 key manager");
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return delegate.getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return delegate.chooseClientAlias(keyType, issuers, socket);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return delegate.getServerAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return delegate.chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return delegate.chooseEngineClientAlias(keyType, issuers, engine);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return delegate.chooseEngineServerAlias(keyType, issuers, engine);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return delegate.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return delegate.getPrivateKey(alias);
    }
}
