package uk.safeguarding.hub.register;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.safeguarding.hub.governance.GovernedDocumentApi;
import uk.safeguarding.hub.governance.ProposalAnswers;
import uk.safeguarding.hub.governance.Proposals;

/**
 * The agency register through the API ({@code IG_OFFICER}): read it, and propose a change to one agency (its
 * entry as in the register file, in JSON), a new certificate (PEM) or a revocation. A change waits for a second
 * officer, as a rule change does; a revocation does not.
 */
@RestController
@RequestMapping("/api/agencies")
class AgenciesController extends GovernedDocumentApi {

    private final AgencyStore store;
    private final AgencyRegister register;
    private final AgencyTrust trust;
    private final Proposals proposals;

    AgenciesController(
            AgencyStore store,
            AgencyRegister register,
            AgencyTrust trust,
            @Qualifier("agencyProposals") Proposals proposals) {
        super(store, proposals);
        this.store = store;
        this.register = register;
        this.trust = trust;
        this.proposals = proposals;
    }

    @GetMapping
    Map<String, Object> all() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", register.version());
        body.put("agencies", AgencyViews.of(register.all(), store, trust));
        return body;
    }

    @GetMapping("/{id}")
    ResponseEntity<?> one(@PathVariable String id) {
        return register.find(id)
                .<ResponseEntity<?>>map(a -> ResponseEntity.ok(
                        AgencyViews.of(List.of(a), store, trust).get(0)))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    /**
     * Proposes the agency's entry: the register file's keys ({@code name}, {@code role}, {@code frontDoor},
     * {@code active}, {@code format}, {@code odsCode}, {@code contacts}, {@code sharingAgreement}, {@code
     * certificates}, {@code push}); a key left out keeps its value, so {@code {"active": false}} deactivates.
     */
    @PutMapping(value = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> change(
            @PathVariable String id,
            @RequestBody Map<String, Object> entry,
            @RequestParam(required = false) String reason,
            @RequestHeader(value = "X-Change-Reason", required = false) String reasonHeader,
            Principal who) {
        String why = ProposalAnswers.reason(reason, reasonHeader);
        if (why == null) {
            return ProposalAnswers.noReason();
        }
        if (!id.matches("[a-z0-9][a-z0-9-]{1,62}")) {
            return ResponseEntity.unprocessableContent()
                    .body(Map.of("problems", List.of("an agency id is 2 to 63 small letters, digits and '-'")));
        }
        return ProposalAnswers.answer(proposals.propose(store.withEntry(id, entry), who.getName(), why));
    }

    /**
     * Proposes a new certificate (the PEM as the body) beside the newest one held: both work until the new one is
     * first used or until {@code oldUntil} (a date or time), whichever comes first.
     */
    @PostMapping(value = "/{id}/certificates")
    ResponseEntity<?> addCertificate(
            @PathVariable String id,
            @RequestBody String pem,
            @RequestParam(required = false) String oldUntil,
            @RequestParam(required = false) String reason,
            @RequestHeader(value = "X-Change-Reason", required = false) String reasonHeader,
            Principal who) {
        String why = ProposalAnswers.reason(reason, reasonHeader);
        if (why == null) {
            return ProposalAnswers.noReason();
        }
        if (register.find(id).isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        return ProposalAnswers.answer(
                proposals.propose(store.withNewCertificate(id, pem, oldUntil), who.getName(), why));
    }

    /** Revokes one of the agency's certificates at once (no second officer), with a reason. */
    @PostMapping("/{id}/certificates/{fingerprint}/revoke")
    ResponseEntity<?> revoke(
            @PathVariable String id,
            @PathVariable String fingerprint,
            @RequestParam(required = false) String reason,
            @RequestHeader(value = "X-Change-Reason", required = false) String reasonHeader,
            Principal who) {
        String why = ProposalAnswers.reason(reason, reasonHeader);
        if (why == null) {
            return ProposalAnswers.noReason();
        }
        return store.revoke(id, fingerprint, who.getName(), why)
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.notFound().build());
    }
}
