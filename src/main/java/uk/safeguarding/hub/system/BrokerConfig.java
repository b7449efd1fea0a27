package uk.safeguarding.hub.system;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.boot.artemis.autoconfigure.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import uk.safeguarding.hub.delivery.Outbox;
import uk.safeguarding.hub.register.AgencyRegister;

/**
 * The embedded broker: one durable anycast queue per agency of the register ({@code mailbox.<agency-id>}), and
 * duplicate detection kept in the journal so a relay resent after a crash is dropped. Java object messages are
 * never used: the hub sends bytes only.
 */
@Configuration(proxyBeanMethods = false)
class BrokerConfig {

    @Bean
    ArtemisConfigurationCustomizer mailboxQueues(AgencyRegister register) {
        return configuration -> {
            configuration.setPersistIDCache(true);
            configuration.setIDCacheSize(100_000);
            configuration.addAddressSetting("mailbox.#", new AddressSettings()
                    .setAutoCreateQueues(false)
                    .setAutoDeleteQueues(false)
                    .setAutoDeleteAddresses(false));
            register.all().forEach(agency -> configuration.addQueueConfiguration(
                    QueueConfiguration.of(Outbox.queueFor(agency.id()))
                            .setAddress(Outbox.queueFor(agency.id()))
                            .setRoutingType(RoutingType.ANYCAST)
                            .setDurable(true)));
        };
    }
}
