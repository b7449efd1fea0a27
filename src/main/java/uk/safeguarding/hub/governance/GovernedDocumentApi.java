package uk.safeguarding.hub.governance;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The calls every governed document answers the same way, under its own path ({@code /api/rules},
 * {@code /api/agencies}): its versions, one version's text, the difference between two, its proposals, and a second
 * officer's approval or rejection. A change needs a reason (query {@code reason} or header
 * {@code X-Change-Reason}). What is particular to a kind (how a change is written) stays in its own controller,
 * which extends this one.
 */
public abstract class GovernedDocumentApi {

    static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    private final Governed document;
    private final Proposals proposals;

    protected GovernedDocumentApi(Governed document, Proposals proposals) {
        this.document = document;
        this.proposals = proposals;
    }

    @GetMapping("/versions")
    public List<Governed.Version> versions() {
        return document.history();
    }

    @GetMapping("/versions/{version}")
    public ResponseEntity<String> version(@PathVariable int version) {
        return document.yaml(version)
                .map(yaml -> ResponseEntity.ok().contentType(YAML).body(yaml))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    /** The unified diff between two versions, as text. */
    @GetMapping(value = "/diff", produces = MediaType.TEXT_PLAIN_VALUE)
    public ResponseEntity<String> diff(@RequestParam int from, @RequestParam int to) {
        var a = document.yaml(from);
        var b = document.yaml(to);
        if (a.isEmpty() || b.isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok(TextDiff.unified(from, a.get(), to, b.get()));
    }

    @GetMapping("/proposals")
    public List<Proposals.Proposal> proposals() {
        return proposals.recent(50);
    }

    @GetMapping("/proposals/{id}")
    public ResponseEntity<?> proposal(@PathVariable String id) {
        return proposals
                .find(id)
                .<ResponseEntity<?>>map(p -> ResponseEntity.ok(
                        Map.of("proposal", p, "yaml", proposals.yaml(id).orElseThrow())))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    @PostMapping("/proposals/{id}/approve")
    public ResponseEntity<?> approve(
            @PathVariable String id,
            @RequestParam(required = false) String reason,
            @RequestHeader(value = "X-Change-Reason", required = false) String reasonHeader,
            Principal who) {
        return withReason(reason, reasonHeader, why -> proposals.approve(id, who.getName(), why));
    }

    @PostMapping("/proposals/{id}/reject")
    public ResponseEntity<?> reject(
            @PathVariable String id,
            @RequestParam(required = false) String reason,
            @RequestHeader(value = "X-Change-Reason", required = false) String reasonHeader,
            Principal who) {
        return withReason(reason, reasonHeader, why -> proposals.reject(id, who.getName(), why));
    }

    /** Proposes with the reason given, or answers 400 without one. */
    protected ResponseEntity<?> propose(String content, String reason, String reasonHeader, Principal who) {
        return withReason(reason, reasonHeader, why -> proposals.propose(content, who.getName(), why));
    }

    /** A change made with the reason given (query or header), answered as the API answers proposals; 400 without. */
    protected static ResponseEntity<?> withReason(
            String reason, String reasonHeader, java.util.function.Function<String, Proposals.Answer> change) {
        String why = ProposalAnswers.reason(reason, reasonHeader);
        return why == null ? ProposalAnswers.noReason() : ProposalAnswers.answer(change.apply(why));
    }
}
