package uk.safeguarding.hub.mesh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.intake.FhirSubmission;
import uk.safeguarding.hub.intake.Hl7Submission;
import uk.safeguarding.hub.intake.IntakeProperties;
import uk.safeguarding.hub.intake.IntakeResponse;
import uk.safeguarding.hub.intake.Quarantine;
import uk.safeguarding.hub.message.Accepted;
import uk.safeguarding.hub.message.MessageRefused;

/**
 * A message an agency sent through MESH, whole, taken by the same intake as over HTTPS (a FHIR message) or MLLP (an
 * HL7 v2 message, which starts {@code MSH}), by the routes of {@code routes/intake-mesh.camel.yaml}: same checks,
 * decisions, sealing, audit and quarantine, and its workflow id must name its event. What comes back
 * is the answer the sender would have had there, for its MESH inbox; or, when the hub could not decide it now,
 * {@link Kind#AGAIN}, and nothing is kept: the sender sends it again.
 */
@Component
class MeshIntake {

    enum Kind {
        ACCEPTED,
        REFUSED,
        AGAIN
    }

    /** The hub's answer: for the receipt (content and its type) and for tracking (status, words). */
    record Outcome(Kind kind, String hubMessageId, int status, String contentType, byte[] answer) {}

    static final String FHIR_JSON = "application/fhir+json";
    static final String HL7_V2 = "x-application/hl7-v2+er7";

    private final ProducerTemplate camel;
    private final Quarantine quarantine;
    private final IntakeProperties limits;

    MeshIntake(ProducerTemplate camel, Quarantine quarantine, IntakeProperties limits) {
        this.camel = camel;
        this.quarantine = quarantine;
        this.limits = limits;
    }

    /** Decides the message: {@code gzip} when the sender compressed it (each chunk on its own, or all at once). */
    Outcome decide(byte[] sent, boolean gzip, String agency, String workflowId) {
        byte[] content;
        try {
            content = gzip ? gunzip(sent, limits.maxBytes() + 1) : sent;
        } catch (IOException e) {
            return refusedHere(new MessageRefused(400, "invalid", "the content is not valid gzip"), agency);
        }
        boolean hl7 = startsWith(content, "MSH");
        if (!hl7 && content.length > limits.maxBytes()) {
            return refusedHere(MessageRefused.tooLarge(limits.maxBytes()), agency);
        }
        Exchange done = camel.request(hl7 ? "direct:intake-mesh-hl7" : "direct:intake-mesh-fhir", exchange -> {
            exchange.getIn().setBody(hl7 ? new Hl7Submission(content, agency) : new FhirSubmission(content, agency));
            exchange.setProperty(MeshWorkflowCheck.WORKFLOW_ID, workflowId);
        });
        Exception caught = done.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (done.getException() != null || (caught != null && !(caught instanceof MessageRefused))) {
            return new Outcome(Kind.AGAIN, null, 503, null, null);
        }
        Object body = done.getMessage().getBody();
        byte[] answer;
        int status;
        if (body instanceof IntakeResponse response) {
            answer = response.body().getBytes(StandardCharsets.UTF_8);
            status = response.status();
        } else {
            answer = String.valueOf(body).getBytes(StandardCharsets.UTF_8);
            status = caught == null ? 200 : ((MessageRefused) caught).status();
        }
        if (status >= 500) {
            return new Outcome(Kind.AGAIN, null, status, null, null);
        }
        Accepted accepted = done.getProperty("accepted", Accepted.class);
        boolean ok = caught == null && accepted != null;
        return new Outcome(
                ok ? Kind.ACCEPTED : Kind.REFUSED,
                ok ? accepted.hubMessageId() : null,
                status,
                hl7 ? HL7_V2 : FHIR_JSON,
                answer);
    }

    private Outcome refusedHere(MessageRefused refused, String agency) {
        IntakeResponse response = quarantine.refuse(refused, null, agency);
        return new Outcome(
                Kind.REFUSED,
                null,
                response.status(),
                FHIR_JSON,
                response.body().getBytes(StandardCharsets.UTF_8));
    }

    /** At most {@code limit} bytes: a small upload must not unpack into an endless one. */
    static byte[] gunzip(byte[] compressed, int limit) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return in.readNBytes(limit);
        }
    }

    private static boolean startsWith(byte[] content, String prefix) {
        int i = 0;
        while (i < content.length && Character.isWhitespace(content[i])) {
            i++;
        }
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        if (content.length - i < p.length) {
            return false;
        }
        for (int j = 0; j < p.length; j++) {
            if (content[i + j] != p[j]) {
                return false;
            }
        }
        return true;
    }
}
