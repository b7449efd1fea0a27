package uk.safeguarding.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import uk.safeguarding.hub.YamlRoutes;

/**
 * The relay route as written in routes/: the broker endpoint is replaced by a mock, the outbox by a
 * recording stand-in. Shares are marked queued only after the send, and a failed send leaves its share pending
 * without stopping the others.
 */
class DeliverOutboxRouteTest extends CamelTestSupport {

    /** Knows shares "a", "b" and "urgent"; any other id is no longer pending. */
    public static class FakeOutbox {
        final List<String> marked = Collections.synchronizedList(new ArrayList<>());

        public List<String> stranded() {
            return List.of();
        }

        public void load(String id, Exchange exchange) {
            exchange.getIn().getHeaders().clear();
            if (!Set.of("a", "b", "urgent").contains(id)) {
                exchange.getIn().setBody(null);
                return;
            }
            exchange.getIn().setHeader(Outbox.DUPLICATE_ID, id);
            exchange.getIn()
                    .setHeader("JMSPriority", id.equals("urgent") ? Outbox.URGENT_PRIORITY : Outbox.ROUTINE_PRIORITY);
            exchange.getIn().setHeader("deliveryId", id);
            exchange.getIn().setHeader("recipientQueue", Outbox.queueFor("social-care"));
            exchange.getIn().setBody(new byte[] {1, 2, 3});
        }

        public void markQueued(Exchange exchange) {
            marked.add(exchange.getIn().getHeader("deliveryId", String.class));
        }
    }

    final FakeOutbox outbox = new FakeOutbox();

    @Override
    public boolean isUseAdviceWith() {
        return true;
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("outbox", outbox);
        registry.bind("answers", new uk.safeguarding.hub.intake.Answers(null, null, null));
        // The file's other routes (recall sweep, urgent watch) run on timers; these tests drive the relay only.
        registry.bind("recalls", new Object() {
            public void takeOffQueues() {}
        });
        registry.bind("mailbox", new Object() {
            public int removeAcknowledged() {
                return 0;
            }
        });
        registry.bind("urgentWatch", new Object() {
            public int check() {
                return 0;
            }
        });
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return YamlRoutes.from("relay.camel.yaml", null);
    }

    private void replaceBrokerWithMock() throws Exception {
        AdviceWith.adviceWith(
                context,
                "relay",
                a -> a.weaveById("send-to-mailbox-queue").replace().to("mock:queue"));
        context.start();
    }

    @Test
    void eachPendingShareIsSentWithItsDuplicateIdThenMarked() throws Exception {
        replaceBrokerWithMock();
        MockEndpoint queue = getMockEndpoint("mock:queue");
        queue.expectedHeaderValuesReceivedInAnyOrder(Outbox.DUPLICATE_ID, "a", "urgent", "b");
        template.sendBody("direct:relay", List.of("a", "gone", "urgent", "b"));
        queue.assertIsSatisfied();
        assertThat(queue.getExchanges().get(1).getIn().getHeader("JMSPriority")).isEqualTo(Outbox.URGENT_PRIORITY);
        assertThat(outbox.marked).containsExactly("a", "urgent", "b");
    }

    @Test
    void aFailedSendLeavesThatSharePendingAndTheOthersGoOn() throws Exception {
        replaceBrokerWithMock();
        MockEndpoint queue = getMockEndpoint("mock:queue");
        queue.whenExchangeReceived(1, e -> {
            throw new IllegalStateException("broker unavailable");
        });
        template.sendBody("direct:relay", List.of("a", "b"));
        assertThat(outbox.marked).containsExactly("b");
    }
}
