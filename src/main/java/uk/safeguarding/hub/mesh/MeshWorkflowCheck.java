package uk.safeguarding.hub.mesh;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.MessageRefused;

/**
 * A step of the MESH intake routes: the workflow id the sender gave must name the event of the message it sent, so
 * that what MESH says a message is and what the hub decides it to be never differ. Refused (400) otherwise.
 */
@Component
public class MeshWorkflowCheck {

    private final Workflows workflows;

    public MeshWorkflowCheck(Workflows workflows) {
        this.workflows = workflows;
    }

    /** The exchange property MeshIntake sets to the sender's {@code mex-WorkflowID}. */
    static final String WORKFLOW_ID = "meshWorkflowId";

    public InboundMessage matches(InboundMessage message, Exchange exchange) {
        String workflowId = exchange.getProperty(WORKFLOW_ID, String.class);
        String expected = workflows.of(message.event().code());
        if (workflowId != null && !workflowId.equals(expected)) {
            throw MessageRefused.invalid("the MESH workflow id " + workflowId + " does not name this message's event ("
                    + message.event().code() + "): send it with " + expected);
        }
        return message;
    }
}
