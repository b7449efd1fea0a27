package uk.safeguarding.hub.audit;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/audit/verify}: any authenticated agency for now; roles arrive with people's sign-in. */
@RestController
class AuditController {

    private final AuditVerifier verifier;

    AuditController(AuditVerifier verifier) {
        this.verifier = verifier;
    }

    @GetMapping("/api/audit/verify")
    AuditVerifier.Verification verify() {
        return verifier.verify();
    }
}
