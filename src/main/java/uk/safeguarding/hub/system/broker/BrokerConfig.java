package uk.safeguarding.hub.system.broker;

import java.util.Set;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.DivertConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.ComponentConfigurationRoutingType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.artemis.autoconfigure.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import uk.safeguarding.hub.delivery.Acknowledgements;
import uk.safeguarding.hub.delivery.CollectionPlugin;
import uk.safeguarding.hub.delivery.Outbox;
import uk.safeguarding.hub.delivery.PushProperties;
import uk.safeguarding.hub.message.QueueAddress;
import uk.safeguarding.hub.register.AgencyRegister;
import uk.safeguarding.hub.register.AgencyTrust;
import uk.safeguarding.hub.system.host.ListenerPorts;

/**
 * The embedded broker. Per agency of the register: its mailbox ({@code mailbox.<id>}), its intake address
 * ({@code intake.<id>}, diverted to the hub's one intake queue {@code hub.intake}) and its receipts queue
 * ({@code receipts.<id>}), all durable. Duplicate detection is kept in the journal so a relay resent after a crash
 * is dropped. Security is on: the hub's in-VM connections may do anything; an agency on the TLS acceptor may send
 * only to its own intake address and consume or browse only its own mailbox and receipts. The broker stamps each
 * message with the validated user, so the intake knows the sender from the broker, not from the message.
 */
@Configuration(proxyBeanMethods = false)
class BrokerConfig {

    static final String HUB_INTAKE = QueueAddress.HUB_INTAKE.address();

    @Bean
    ArtemisConfigurationCustomizer hubBroker(
            AgencyRegister register,
            // The register history reconciled first: the broker starts with every agency of the version in force.
            uk.safeguarding.hub.register.AgencyStore store,
            BrokerProperties broker,
            PushProperties push,
            ObjectProvider<Acknowledgements> collections,
            org.springframework.boot.ssl.SslBundles bundles) {
        String[] ciphers = bundles.getBundle("hub").getOptions().getCiphers();
        return configuration -> {
            layOut(configuration, register, broker, push);
            if (broker.tlsEnabled()) {
                ListenerPorts.requireFree("broker's TLS acceptor", "hub.broker.tls-port", broker.tlsPort());
                try {
                    configuration.addAcceptorConfiguration(
                            HubCertificateRotation.BROKER_ACCEPTOR,
                            "tcp://0.0.0.0:" + broker.tlsPort()
                                    + "?sslEnabled=true;needClientAuth=true;protocols=CORE,AMQP;saslMechanisms=EXTERNAL"
                                    + ";enabledProtocols=TLSv1.3,TLSv1.2"
                                    + (ciphers == null ? "" : ";enabledCipherSuites=" + String.join(",", ciphers))
                                    + ";keyStoreType=PKCS12;keyStorePath=" + broker.keyStore()
                                    + ";activemq.passwordcodec=" + HeldPasswords.class.getName()
                                    + ";keyStorePassword=" + HeldPasswords.hold(broker.keyStorePassword())
                                    + ";trustStoreType=PKCS12;trustStorePath=" + broker.trustStore()
                                    + ";trustStorePassword=" + HeldPasswords.hold(broker.trustStorePassword()));
                } catch (Exception e) {
                    throw new IllegalStateException("cannot configure the broker's TLS acceptor: " + e.getMessage(), e);
                }
            }
            configuration.registerBrokerPlugin(new CollectionPlugin(collections));
            configuration.registerBrokerPlugin(new SenderStampPlugin());
        };
    }

    /**
     * The hub's addresses, queues, diverts, retry settings and roles: applied to the embedded broker, and written
     * as broker properties for an external one ({@link BrokerPropertiesCommand}), so that both are the same.
     */
    static void layOut(
            org.apache.activemq.artemis.core.config.Configuration configuration,
            AgencyRegister register,
            BrokerProperties broker,
            PushProperties push) {
        configuration.setPersistIDCache(true);
        configuration.setIDCacheSize(100_000);
        configuration.setSecurityEnabled(true);
        configuration.setPopulateValidatedUser(true);
        AddressSettings fixed = new AddressSettings()
                .setAutoCreateQueues(false)
                .setAutoCreateAddresses(false)
                .setAutoDeleteQueues(false)
                .setAutoDeleteAddresses(false);
        configuration.addAddressSetting(QueueAddress.MAILBOX.everyAgency(), fixed);
        configuration.addAddressSetting(QueueAddress.RECEIPTS.everyAgency(), fixed);
        configuration.addAddressSetting(QueueAddress.AGENCY_INTAKE.everyAgency(), fixed);
        // A message the intake cannot take goes to the dead letters after the configured tries.
        configuration.addAddressSetting(
                HUB_INTAKE,
                new AddressSettings()
                        .setAutoCreateQueues(false)
                        .setMaxDeliveryAttempts(broker.intakeMaxAttempts())
                        .setRedeliveryDelay(broker.intakeFirstRetryAfter().toMillis())
                        .setRedeliveryMultiplier(2)
                        .setDeadLetterAddress(org.apache.activemq.artemis.api.core.SimpleString.of(
                                QueueAddress.DEAD_HUB_INTAKE.address())));
        configuration.addQueueConfiguration(durable(HUB_INTAKE));
        // Push: a failed POST comes back after first-retry-after, doubling, until max-attempts, then DLQ.push.
        configuration.addAddressSetting(
                Outbox.PUSH_QUEUE,
                new AddressSettings()
                        .setAutoCreateQueues(false)
                        .setMaxDeliveryAttempts(push.maxAttempts())
                        .setRedeliveryDelay(push.firstRetryAfter().toMillis())
                        .setRedeliveryMultiplier(2)
                        .setMaxRedeliveryDelay(push.longestWait().toMillis())
                        .setDeadLetterAddress(org.apache.activemq.artemis.api.core.SimpleString.of(
                                QueueAddress.DEAD_PUSH.address())));
        configuration.addQueueConfiguration(durable(Outbox.PUSH_QUEUE));
        configuration.addQueueConfiguration(durable(QueueAddress.DEAD_PUSH.address()));
        configuration.addQueueConfiguration(durable(QueueAddress.DEAD_HUB_INTAKE.address()));
        configuration.putSecurityRoles("#", Set.of(role(BrokerSecurity.HUB, true, true, true)));
        register.all().forEach(agency -> {
            String id = agency.id();
            configuration.addQueueConfiguration(durable(Outbox.queueFor(id)));
            configuration.addQueueConfiguration(durable(QueueAddress.RECEIPTS.of(id)));
            configuration.addQueueConfiguration(durable(QueueAddress.AGENCY_INTAKE.of(id)));
            configuration.addDivertConfiguration(divert(id));
            roles(id).forEach(configuration::putSecurityRoles);
        });
    }

    /** Diverts what an agency sends to its intake address into the hub's one intake queue. */
    static DivertConfiguration divert(String agencyId) {
        return new DivertConfiguration()
                .setName("intake-" + agencyId)
                .setAddress(QueueAddress.AGENCY_INTAKE.of(agencyId))
                .setForwardingAddress(HUB_INTAKE)
                .setExclusive(true)
                .setRoutingType(ComponentConfigurationRoutingType.ANYCAST);
    }

    /** Its mailbox and receipts it may consume and browse, its intake it may send to; the hub may do anything. */
    static java.util.Map<String, Set<Role>> roles(String agencyId) {
        Role hub = role(BrokerSecurity.HUB, true, true, true);
        String agencyRole = BrokerSecurity.roleOf(agencyId);
        return java.util.Map.of(
                Outbox.queueFor(agencyId), Set.of(hub, role(agencyRole, false, true, false)),
                QueueAddress.RECEIPTS.of(agencyId), Set.of(hub, role(agencyRole, false, true, false)),
                QueueAddress.AGENCY_INTAKE.of(agencyId), Set.of(hub, role(agencyRole, true, false, false)));
    }

    /**
     * An agency added to the register while the hub runs gets its queues, its divert and its roles on the running
     * embedded broker at once (an external broker takes them from the broker properties written again).
     */
    @Bean
    static org.springframework.beans.factory.SmartInitializingSingleton brokerFollowsRegister(
            ObjectProvider<EmbeddedActiveMQ> broker, ObjectProvider<uk.safeguarding.hub.register.AgencyStore> store) {
        return () -> {
            uk.safeguarding.hub.register.AgencyStore agencies = store.getIfAvailable();
            if (agencies != null) {
                agencies.onChange(all -> {
                    EmbeddedActiveMQ embedded = broker.getIfAvailable();
                    if (embedded != null && embedded.getActiveMQServer() != null) {
                        all.forEach(a -> layOut(embedded.getActiveMQServer(), a.id()));
                    }
                });
            }
        };
    }

    static void layOut(org.apache.activemq.artemis.core.server.ActiveMQServer server, String agencyId) {
        if (!server.isActive()
                || server.locateQueue(org.apache.activemq.artemis.api.core.SimpleString.of(
                                QueueAddress.AGENCY_INTAKE.of(agencyId)))
                        != null) {
            return;
        }
        try {
            roles(agencyId)
                    .forEach((address, roles) -> server.getSecurityRepository().addMatch(address, roles));
            server.createQueue(durable(Outbox.queueFor(agencyId)).setAutoCreateAddress(true), true);
            server.createQueue(durable(QueueAddress.RECEIPTS.of(agencyId)).setAutoCreateAddress(true), true);
            server.createQueue(durable(QueueAddress.AGENCY_INTAKE.of(agencyId)).setAutoCreateAddress(true), true);
            server.deployDivert(divert(agencyId));
            org.slf4j.LoggerFactory.getLogger(BrokerConfig.class)
                    .info("Broker: queues, divert and roles laid out for agency {}", agencyId);
        } catch (Exception e) {
            throw new IllegalStateException("cannot lay out the broker for agency " + agencyId + ": " + e, e);
        }
    }

    /** The hub's own security manager replaces the default one before the broker starts. */
    @Bean
    static BeanPostProcessor brokerSecurityManager(ObjectProvider<AgencyTrust> trust) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof EmbeddedActiveMQ embedded) {
                    embedded.setSecurityManager(new BrokerSecurity(trust.getObject()));
                }
                return bean;
            }
        };
    }

    private static QueueConfiguration durable(String name) {
        return QueueConfiguration.of(name)
                .setAddress(name)
                .setRoutingType(RoutingType.ANYCAST)
                .setDurable(true);
    }

    /** send, consume, browse; the hub also manages and creates. */
    private static Role role(String name, boolean send, boolean consume, boolean all) {
        return new Role(name, send || all, consume || all, all, all, all, all, all, consume || all, all, all, all, all);
    }
}
