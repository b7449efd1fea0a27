package uk.safeguarding.hub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.safeguarding.hub.YamlRoutes;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.LinkedChild;
import uk.safeguarding.hub.message.MessageRefused;
import uk.safeguarding.hub.policy.PolicyEngine;
import uk.safeguarding.hub.policy.RuleFileLoader;
import uk.safeguarding.hub.policy.SenderCheck;
import uk.safeguarding.hub.policy.TestAgencies;
import uk.safeguarding.hub.register.Agency;
import uk.safeguarding.hub.register.AgencyRegister;
import uk.safeguarding.hub.register.FamilyFacts;
import uk.safeguarding.hub.register.RegisterProperties;
import uk.safeguarding.hub.register.Registers;

/**
 * The intake-hl7 route as written in routes/, fed from a direct endpoint instead of the MLLP listener: the real
 * HL7 reader, sender check and ACKs, with the database parts (registers, acceptance, quarantine) standing in.
 */
class IntakeHl7RouteTest extends CamelTestSupport {

    static final Agency DRUG_SERVICE = TestAgencies.agency("drug-service", AgencyRole.DRUG_TREATMENT, false);

    static class RecordingQuarantine extends Quarantine {
        final List<MessageRefused> refused = new ArrayList<>();

        RecordingQuarantine() {
            super(null, null, null, new OperationOutcomes(FhirContext.forR4Cached()), null, null);
        }

        @Override
        public IntakeResponse refuse(MessageRefused e, byte[] body, String agency) {
            refused.add(e);
            return new IntakeResponse(e.status(), e.getMessage());
        }
    }

    /** Registers that know one family: the example's mother with one child. */
    static class OneFamily extends Registers {
        OneFamily() {
            super(
                    null,
                    new RegisterProperties("config/agencies.yaml", 12),
                    uk.safeguarding.hub.vault.TestVaults.shared());
        }

        @Override
        public FamilyFacts factsFor(InboundMessage message) {
            List<LinkedChild> children = message.serviceUserNhsNumber().equals("9990000018")
                    ? List.of(new LinkedChild("9990000026", java.time.LocalDate.of(2022, 3, 14), null, "MTH"))
                    : List.of();
            return new FamilyFacts(message.serviceUserNhsNumber(), children, Set.of(), Set.of(), List.of(), Set.of());
        }
    }

    final AcceptStandIns acceptance = new AcceptStandIns("d-1");
    final RecordingQuarantine quarantine = new RecordingQuarantine();

    @Override
    public boolean isUseAdviceWith() {
        return true;
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = new Properties();
        p.put("hub.mllp.host", "localhost");
        p.put("hub.mllp.port", "0");
        p.put("hub.mllp.max-connections", "1");
        p.put("hub.intake.max-bytes", "1048576");
        return p;
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        AgencyRegister agencies =
                new AgencyRegister(List.of(DRUG_SERVICE, TestAgencies.agency("gp", AgencyRole.GP, false)));
        Hl7MessageReader reader = new Hl7MessageReader(new FhirMessageReader(FhirContext.forR4Cached()));
        registry.bind(
                "hl7Intake",
                new Hl7Intake(
                        reader,
                        new uk.safeguarding.hub.register.AgencyTrust(
                                Path.of("target/no-such.crl"), DRUG_SERVICE.certificate(), agencies),
                        new OneFamily(),
                        new IntakeProperties(1048576),
                        quarantine));
        acceptance.bindTo(
                registry,
                new SenderCheck(
                        new PolicyEngine(RuleFileLoader.load(Path.of("config/rules/sharing-rules.yaml"))), agencies));
        registry.bind("answers", new Answers(quarantine, new OperationOutcomes(FhirContext.forR4Cached()), reader));
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return YamlRoutes.from(
                List.of("errors.camel.yaml", "intake-hl7.camel.yaml", "accept.camel.yaml"), new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("direct:relay").routeId("relay-stand-in").to("mock:relay");
                    }
                });
    }

    @BeforeEach
    void feedFromDirect() throws Exception {
        AdviceWith.adviceWith(context, "intake-hl7", a -> a.replaceFromWith("direct:hl7"));
        context.start();
    }

    String send(String er7, Agency as) {
        Exchange exchange = template.send("direct:hl7", e -> {
            e.getIn().setBody(er7.getBytes(StandardCharsets.UTF_8));
            e.getIn()
                    .setHeader(
                            Hl7Intake.CLIENT_CERT_ISSUER,
                            as.certificate().getIssuerX500Principal().toString());
            e.getIn()
                    .setHeader(
                            Hl7Intake.CLIENT_CERT_SERIAL,
                            as.certificate().getSerialNumber().toString());
        });
        return exchange.getMessage().getBody(String.class);
    }

    static String oru() throws Exception {
        return Files.readString(Path.of("src/test/resources/messages/examples/screening-result-oru-r01.hl7"));
    }

    @Test
    void anAcceptedMessageIsAcknowledgedAaAndItsSharesGoToTheRelay() throws Exception {
        MockEndpoint relay = getMockEndpoint("mock:relay");
        relay.expectedMessageCount(1);
        String ack = send(oru(), DRUG_SERVICE);
        assertThat(ack).contains("MSA|AA|ex-oru-1|accepted as ");
        relay.assertIsSatisfied();
        InboundMessage m = acceptance.accepted.get(0);
        assertThat(m.event().code()).isEqualTo("screening-result");
        assertThat(m.serviceUserNhsNumber()).isEqualTo("9990000018");
        assertThat(m.senderMessageId()).isEqualTo("ex-oru-1");
        assertThat(quarantine.refused).isEmpty();
    }

    @Test
    void anUnknownCertificateIsRefusedAndQuarantined() throws Exception {
        String ack = send(oru(), TestAgencies.agency("stranger", AgencyRole.GP, false));
        assertThat(ack).contains("MSA|AE|ex-oru-1").contains("ERR|");
        assertThat(quarantine.refused)
                .singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo(403));
        assertThat(acceptance.accepted).isEmpty();
    }

    @Test
    void whatCannotBeParsedIsRejectedAr() {
        assertThat(send("GARBAGE", DRUG_SERVICE)).contains("MSA|AR");
        assertThat(quarantine.refused)
                .singleElement()
                .satisfies(e -> assertThat(e.issueCode()).isEqualTo("structure"));
    }

    @Test
    void aFailureOfTheHubItselfAsksTheSenderToSendAgainAndQuarantinesNothing() throws Exception {
        acceptance.fail = true;
        getMockEndpoint("mock:relay").expectedMessageCount(0);
        assertThat(send(oru(), DRUG_SERVICE)).contains("MSA|AE|ex-oru-1|not accepted: the hub could not store it now");
        assertThat(quarantine.refused).isEmpty();
        MockEndpoint.assertIsSatisfied(context);
    }
}
