package uk.safeguarding.hub.system.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Until the hub is ready every call is told to come back (503, Retry-After); then calls go through. */
class StartingGateTest {

    @Test
    void answers503UntilTheHubIsReadyThenLetsCallsThrough() throws Exception {
        StartingGate gate = new StartingGate();
        MockHttpServletResponse early = new MockHttpServletResponse();
        MockFilterChain notReached = new MockFilterChain();
        gate.doFilter(new MockHttpServletRequest("POST", "/fhir/$process-message"), early, notReached);
        assertThat(early.getStatus()).isEqualTo(503);
        assertThat(early.getHeader("Retry-After")).isEqualTo("5");
        assertThat(notReached.getRequest()).isNull();

        gate.onApplicationEvent(null);
        MockHttpServletResponse later = new MockHttpServletResponse();
        MockFilterChain reached = new MockFilterChain();
        gate.doFilter(new MockHttpServletRequest("POST", "/fhir/$process-message"), later, reached);
        assertThat(reached.getRequest()).isNotNull();
        assertThat(later.getStatus()).isEqualTo(200);
    }
}
