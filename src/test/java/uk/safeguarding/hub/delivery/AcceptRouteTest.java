package uk.safeguarding.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import uk.safeguarding.hub.YamlRoutes;
import uk.safeguarding.hub.message.Accepted;

/**
 * The accept route as written in routes/accept.camel.yaml, each step standing in: the sender checked, then
 * decide, protect and store in that order, consent recalls after a consent change, the shares to the relay; a
 * message accepted before skips every step but the relay of what is still pending.
 */
class AcceptRouteTest extends CamelTestSupport {

    /** The message standing in: its text says whether it was accepted before and whether it changes consent. */
    public record Message(String id, boolean acceptedBefore, boolean changesConsent) {}

    final List<String> steps = new ArrayList<>();

    public class Steps {
        public Message check(Message m) {
            steps.add("check-sender");
            return m;
        }

        public Accepted earlier(Message m) {
            steps.add("find-earlier");
            return m.acceptedBefore()
                    ? new Accepted(m.id(), "first receipt", List.of("still-pending"), true, false)
                    : null;
        }

        public String decide(Message m) {
            steps.add("decide");
            return m.id() + (m.changesConsent() ? "+consent" : "");
        }

        public String protect(String decided) {
            steps.add("protect");
            return decided;
        }

        public Accepted store(String sealed) {
            steps.add("store");
            return new Accepted(sealed, "receipt", List.of("d-1", "d-2"), false, sealed.endsWith("+consent"));
        }

        public void takeOffQueues() {
            steps.add("recall");
        }
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        Steps s = new Steps();
        for (String name : List.of("senderCheck", "messageAcceptance", "sharingDecisions", "protection", "recalls")) {
            registry.bind(name, s);
        }
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return YamlRoutes.from(List.of("accept.camel.yaml"), new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:relay").routeId("relay-stand-in").to("mock:relay");
            }
        });
    }

    @Test
    void aNewMessageIsDecidedProtectedStoredAndRelayedInThatOrder() throws Exception {
        MockEndpoint relay = getMockEndpoint("mock:relay");
        relay.expectedBodiesReceived(List.of(List.of("d-1", "d-2")));
        Accepted accepted = template.requestBody("direct:accept", new Message("m-1", false, false), Accepted.class);
        assertThat(accepted.receipt()).isEqualTo("receipt");
        relay.assertIsSatisfied();
        assertThat(steps).containsExactly("check-sender", "find-earlier", "decide", "protect", "store");
    }

    @Test
    void aConsentChangeTakesRecalledSharesOffTheirQueues() {
        template.requestBody("direct:accept", new Message("m-2", false, true), Accepted.class);
        assertThat(steps).containsExactly("check-sender", "find-earlier", "decide", "protect", "store", "recall");
    }

    @Test
    void aResendGetsTheFirstAcceptanceAndRelaysOnlyWhatIsStillPending() throws Exception {
        MockEndpoint relay = getMockEndpoint("mock:relay");
        relay.expectedBodiesReceived(List.of(List.of("still-pending")));
        Accepted accepted = template.requestBody("direct:accept", new Message("m-3", true, false), Accepted.class);
        assertThat(accepted.receipt()).isEqualTo("first receipt");
        assertThat(accepted.duplicate()).isTrue();
        relay.assertIsSatisfied();
        assertThat(steps).containsExactly("check-sender", "find-earlier");
    }
}
