package uk.safeguarding.hub.system.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.safeguarding.hub.delivery.PushProperties;
import uk.safeguarding.hub.protect.DevPki;
import uk.safeguarding.hub.register.AgencyRegister;

/** The broker properties for an external broker, read back by Artemis itself, give the embedded broker's layout. */
class BrokerPropertiesCommandTest {

    @TempDir
    Path dir;

    @Test
    void artemisReadsBackTheSameLayoutAsTheEmbeddedBroker() throws Exception {
        AgencyRegister register = registerWithCertificates();
        Configuration embedded = BrokerPropertiesCommand.layout(
                register,
                new BrokerProperties(false, 0, "k", "p", "t", "p", 5, Duration.ofSeconds(1)),
                new PushProperties(6, Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofSeconds(10)));
        String text = BrokerPropertiesCommand.write(embedded);

        Properties properties = new Properties();
        properties.load(new StringReader(text));
        ConfigurationImpl external = new ConfigurationImpl();
        external.parsePrefixedProperties(properties, null);

        assertThat(external.getStatus()).contains("\"errors\":[]");
        assertThat(external.isPersistIDCache()).isTrue();
        assertThat(external.getIDCacheSize()).isEqualTo(100_000);
        assertThat(external.isPopulateValidatedUser()).isTrue();
        assertThat(queues(external))
                .isEqualTo(embedded.getQueueConfigs().stream()
                        .map(q -> q.getAddress() + "/" + q.getName() + "/" + q.getRoutingType())
                        .collect(Collectors.toSet()));
        assertThat(queues(external))
                .contains(
                        "mailbox.gp/mailbox.gp/ANYCAST", "hub.intake/hub.intake/ANYCAST", "DLQ.push/DLQ.push/ANYCAST");
        assertThat(external.getAddressSettings().keySet())
                .isEqualTo(embedded.getAddressSettings().keySet());
        embedded.getAddressSettings()
                .forEach((match, settings) -> assertThat(
                                external.getAddressSettings().get(match).toJSON())
                        .as(match)
                        .isEqualTo(settings.toJSON()));
        assertThat(external.getAddressSettings().get("push.outbound").getMaxDeliveryAttempts())
                .isEqualTo(6);
        assertThat(external.getDivertConfigurations()).hasSameSizeAs(embedded.getDivertConfigurations());
        assertThat(external.getDivertConfigurations()).anySatisfy(d -> {
            assertThat(d.getAddress()).isEqualTo("intake.gp");
            assertThat(d.getForwardingAddress()).isEqualTo("hub.intake");
            assertThat(d.isExclusive()).isTrue();
        });
        assertThat(roles(external))
                .isEqualTo(roles(embedded))
                .containsEntry(
                        "mailbox.gp",
                        java.util.Set.of(
                                "Role {name=agency-gp; allows=[ consume  browse ]}",
                                roles(embedded).get("#").iterator().next()));
    }

    @Test
    void theCommandReadsTheConfigurationFileAndRefusesBadUsage() throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        assertThat(BrokerPropertiesCommand.run(
                        List.of("a", "b"), new java.io.PrintStream(out), new java.io.PrintStream(err)))
                .isEqualTo(1);
        assertThat(BrokerPropertiesCommand.run(
                        List.of(dir.resolve("missing.yaml").toString()),
                        new java.io.PrintStream(out),
                        new java.io.PrintStream(err)))
                .isEqualTo(1);
        assertThat(err.toString()).contains("missing.yaml");
    }

    private static java.util.Set<String> queues(Configuration c) {
        return c.getAddressConfigurations().stream()
                .map(CoreAddressConfiguration::getQueueConfigs)
                .flatMap(List::stream)
                .map(QueueConfiguration.class::cast)
                .map(q -> q.getAddress() + "/" + q.getName() + "/" + q.getRoutingType())
                .collect(Collectors.toSet());
    }

    private static java.util.Map<String, java.util.Set<String>> roles(Configuration c) {
        return c.getSecurityRoles().entrySet().stream()
                .collect(Collectors.toMap(
                        java.util.Map.Entry::getKey,
                        e -> e.getValue().stream().map(Object::toString).collect(Collectors.toSet())));
    }

    private AgencyRegister registerWithCertificates() {
        new DevPki(dir.resolve("certs/dev"))
                .ensure(List.of("drug-service", "maternity", "social-care", "gp", "health-visiting"));
        return AgencyRegister.load(Path.of("config/agencies.yaml"), dir);
    }
}
