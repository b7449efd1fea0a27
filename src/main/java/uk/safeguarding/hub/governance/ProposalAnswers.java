package uk.safeguarding.hub.governance;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The API's answers about proposals, the same for every kind of governed data. */
public final class ProposalAnswers {

    private ProposalAnswers() {}

    public static String reason(String query, String header) {
        String why = query != null ? query : header;
        return why == null || why.isBlank() ? null : why.strip();
    }

    public static ResponseEntity<?> noReason() {
        return ResponseEntity.badRequest()
                .body(new Outcome(
                        false,
                        null,
                        List.of("say why: a reason (query 'reason' or header X-Change-Reason) is required")));
    }

    public static HttpStatus status(Proposals.Status status) {
        return switch (status) {
            case APPLIED, REJECTED -> HttpStatus.OK;
            case PROPOSED -> HttpStatus.ACCEPTED;
            case INVALID -> HttpStatus.UNPROCESSABLE_CONTENT;
            case NOT_YOURS -> HttpStatus.FORBIDDEN;
            case CONFLICT -> HttpStatus.CONFLICT;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
        };
    }

    /** The answer in the shape PUT always gave (valid, version, problems), with the proposal and its state. */
    public static ResponseEntity<?> answer(Proposals.Answer a) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("valid", a.status() != Proposals.Status.INVALID);
        body.put("status", a.status());
        body.put("version", a.proposal() == null ? null : a.proposal().version());
        body.put("proposal", a.proposal());
        body.put("problems", a.problems());
        return ResponseEntity.status(status(a.status())).body(body);
    }
}
