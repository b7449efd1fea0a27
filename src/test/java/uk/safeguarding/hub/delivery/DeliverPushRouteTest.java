package uk.safeguarding.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.safeguarding.hub.YamlRoutes;

/**
 * The deliver-push route as written in routes/: a failed POST must leave the route as an exception (so that the
 * JMS transaction rolls back and the broker redelivers, backs off and dead-letters); a successful one completes.
 */
class DeliverPushRouteTest extends CamelTestSupport {

    /** Stands in for the HTTPS client: fails the first {@code failures} calls. */
    public static class FlakyEndpoint {
        final List<String> calls = new ArrayList<>();
        int failures = 1;

        public void push(Exchange exchange) {
            calls.add(exchange.getIn().getBody(String.class));
            if (calls.size() <= failures) {
                throw new RuntimeException("HTTP 503");
            }
        }
    }

    final FlakyEndpoint endpoint = new FlakyEndpoint();

    @Override
    public boolean isUseAdviceWith() {
        return true;
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("pushDelivery", endpoint);
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return YamlRoutes.from("deliver-push.camel.yaml", null);
    }

    @BeforeEach
    void feedFromDirect() throws Exception {
        AdviceWith.adviceWith(context, "deliver-push", a -> a.replaceFromWith("direct:push"));
        context.start();
    }

    @Test
    void aFailedPushFailsTheExchangeSoTheBrokerRedeliversAndTheNextTryCompletes() {
        Exchange first = template.send("direct:push", e -> e.getIn().setBody("share"));
        assertThat(first.getException()).hasMessageContaining("HTTP 503");
        assertThat(endpoint.calls).hasSize(1);
        Exchange second = template.send("direct:push", e -> e.getIn().setBody("share"));
        assertThat(second.getException()).isNull();
        assertThat(endpoint.calls).hasSize(2);
    }
}
