package uk.safeguarding.hub.policy;

import org.springframework.stereotype.Component;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.register.AgencyRegister;

/** The intake route's step that refuses (403) a sender whose role may not send the event. */
@Component
public class SenderCheck {

    private final PolicyEngine policy;
    private final AgencyRegister agencies;

    public SenderCheck(PolicyEngine policy, AgencyRegister agencies) {
        this.policy = policy;
        this.agencies = agencies;
    }

    public InboundMessage check(InboundMessage message) {
        policy.checkSender(
                message, agencies.find(message.senderAgency()).orElseThrow().role());
        return message;
    }
}
