package uk.safeguarding.hub.system.broker;

import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.stream.Collectors;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnection;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;
import org.apache.activemq.artemis.utils.CertificateUtil;
import uk.safeguarding.hub.register.AgencyTrust;

/**
 * Who may do what on the broker. The hub's own in-VM connections are the user {@code hub}; a TLS connection is the
 * agency whose registered certificate it presented (by SHA-256 fingerprint, as for HTTPS; the acceptor has
 * already checked the chain), with the role {@code agency-<id>}; anything else is refused. The security settings
 * of {@link BrokerConfig} then let each agency send only to {@code intake.<id>} and read only {@code mailbox.<id>}
 * and {@code receipts.<id>}.
 */
class BrokerSecurity implements ActiveMQSecurityManager5 {

    static final String HUB = uk.safeguarding.hub.delivery.Notices.HUB;

    private final AgencyTrust trust;

    BrokerSecurity(AgencyTrust trust) {
        this.trust = trust;
    }

    static String roleOf(String agencyId) {
        return "agency-" + agencyId;
    }

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String domain) {
        if (connection != null && connection.getTransportConnection() instanceof InVMConnection) {
            return subject(HUB, HUB);
        }
        X509Certificate[] certs = connection == null ? null : CertificateUtil.getCertsFromConnection(connection);
        if (certs == null || certs.length == 0) {
            return null;
        }
        return trust.agencyOf(certs[0])
                .map(agency -> subject(agency.id(), roleOf(agency.id())))
                .orElse(null);
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        if (subject == null) {
            return false;
        }
        // A deactivated agency's open connection loses its rights too (the broker caches this for seconds).
        boolean stillActive = subject.getPrincipals(UserPrincipal.class).stream()
                .map(UserPrincipal::getName)
                .allMatch(user -> HUB.equals(user) || trust.stillActive(user));
        if (!stillActive) {
            return false;
        }
        Set<String> held = subject.getPrincipals(RolePrincipal.class).stream()
                .map(RolePrincipal::getName)
                .collect(Collectors.toSet());
        return roles.stream().anyMatch(r -> held.contains(r.getName()) && checkType.hasRole(r));
    }

    @Override
    public boolean validateUser(String user, String password) {
        return false;
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return false;
    }

    private static Subject subject(String user, String role) {
        Subject s = new Subject();
        s.getPrincipals().add(new UserPrincipal(user));
        s.getPrincipals().add(new RolePrincipal(role));
        return s;
    }
}
