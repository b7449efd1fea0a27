package uk.safeguarding.hub.system;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import uk.safeguarding.hub.audit.AuditProperties;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.CheckpointSigner;
import uk.safeguarding.hub.audit.Checkpoints;
import uk.safeguarding.hub.governance.Proposals;
import uk.safeguarding.hub.policy.PolicyProperties;
import uk.safeguarding.hub.protect.HubIdentity;
import uk.safeguarding.hub.register.AgencyRegister;
import uk.safeguarding.hub.register.AgencyTrust;
import uk.safeguarding.hub.register.PkiProperties;
import uk.safeguarding.hub.register.RegisterProperties;
import uk.safeguarding.hub.system.broker.BrokerProperties;
import uk.safeguarding.hub.system.host.HostLockdown;
import uk.safeguarding.hub.system.host.ListenerPorts;

/**
 * The beans that tie capabilities together (each capability builds its own): the one FHIR context, the clock, the
 * data folder; the register's history with the development CA's revocations; the hub's key, which protect seals
 * with, audit checkpoints sign with, and the broker presents.
 */
@Configuration(proxyBeanMethods = false)
class HubBeans {

    @Bean
    FhirContext fhirContext() {
        // The one R4 context: the rule file loader uses the cached one too, and each context costs seconds to build.
        return FhirContext.forR4Cached();
    }

    /** A data folder made by an earlier version may be open to others: it becomes the hub's own (0700). */
    @Bean
    Path dataDirectory(@org.springframework.beans.factory.annotation.Value("${hub.data-dir}") String dataDir) {
        Path data = Path.of(dataDir);
        HostLockdown.privateDirectory(data);
        return data;
    }

    /** Checked before Camel starts the MLLP listener: a taken port stops the start with one clear report. */
    @Bean
    ListenerPorts.Free mllpPort(uk.safeguarding.hub.intake.MllpProperties mllp) {
        return ListenerPorts.requireFree("MLLP listener", "hub.mllp.port", mllp.port());
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Reconciles the register file with the register history before anything is decided or connects. */
    @Bean
    uk.safeguarding.hub.register.AgencyStore agencyStore(
            JdbcTemplate jdbc,
            TransactionTemplate tx,
            AuditTrail audit,
            AgencyRegister register,
            AgencyTrust trust,
            Clock clock,
            RegisterProperties properties,
            PkiProperties pki) {
        var store = new uk.safeguarding.hub.register.AgencyStore(jdbc, tx, audit, register, trust, clock);
        if (pki.generateDev()) {
            var devPki = new uk.safeguarding.hub.protect.DevPki(Path.of(pki.devDirectory()));
            store.intoCaList(c -> {
                if (c.getIssuerX500Principal().equals(trust.issuer().getSubjectX500Principal())) {
                    devPki.revoke(c.getSerialNumber(), Path.of(pki.crl()));
                }
            });
        }
        store.reconcile(Path.of(properties.agencies()));
        return store;
    }

    @Bean
    Proposals agencyProposals(
            JdbcTemplate jdbc,
            uk.safeguarding.hub.register.AgencyStore store,
            AuditTrail audit,
            Clock clock,
            PolicyProperties properties) {
        return new Proposals(Proposals.Kind.AGENCIES, jdbc, store, audit, clock, properties.fourEyes());
    }

    /** The hub's own key and certificate, taken anew when the files change (a rotation without a restart). */
    @Bean
    HubIdentity hubIdentity(
            KeyProperties keys,
            BrokerProperties broker,
            org.springframework.boot.ssl.SslBundles bundles,
            JdbcTemplate jdbc,
            AuditTrail audit,
            Clock clock)
            throws java.security.KeyStoreException {
        java.security.KeyStore trust = bundles.getBundle("hub").getStores().getTrustStore();
        java.util.List<java.security.cert.X509Certificate> cas = new java.util.ArrayList<>();
        for (String alias : java.util.Collections.list(trust.aliases())) {
            if (trust.getCertificate(alias) instanceof java.security.cert.X509Certificate ca) {
                cas.add(ca);
            }
        }
        return new HubIdentity(
                new HubIdentity.KeyFiles(
                        Path.of(keys.hubCertificate()),
                        Path.of(keys.hubPrivateKey()),
                        broker.tlsEnabled() ? Path.of(broker.keyStore()) : null,
                        broker.keyStorePassword().toCharArray()),
                cas,
                jdbc,
                audit,
                clock);
    }

    /** Signed with the hub's own key, which the database never holds. */
    @Bean
    Checkpoints auditCheckpoints(
            AuditProperties audit, HubIdentity hub, JdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        return new Checkpoints(
                Path.of(audit.checkpoints()),
                new CheckpointSigner() {
                    @Override
                    public java.security.PrivateKey key() {
                        return hub.current().key();
                    }

                    @Override
                    public java.security.cert.X509Certificate certificate() {
                        return hub.current().certificate();
                    }

                    @Override
                    public java.util.Optional<java.security.cert.X509Certificate> signedWith(String fingerprint) {
                        return hub.signedWith(fingerprint);
                    }
                },
                jdbc,
                tx,
                clock,
                audit.checkpointPeriod());
    }
}
