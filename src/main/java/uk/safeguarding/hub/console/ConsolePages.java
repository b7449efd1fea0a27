package uk.safeguarding.hub.console;

import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import uk.safeguarding.hub.audit.AuditVerifier;
import uk.safeguarding.hub.delivery.FollowUp;
import uk.safeguarding.hub.operations.Queues;

/**
 * The console's pages: sign-in, the start page (what the person's roles may use), the operations dashboard (OPS)
 * and the audit chain (IG_OFFICER, AUDITOR). Which role may open which page is SecurityConfig's; a page a role may
 * not use is neither linked for it nor served to it.
 */
@Controller
class ConsolePages {

    private final Queues queues;
    private final FollowUp followUp;
    private final AuditVerifier verifier;
    private final Clock clock;

    ConsolePages(Queues queues, FollowUp followUp, AuditVerifier verifier, Clock clock) {
        this.queues = queues;
        this.followUp = followUp;
        this.verifier = verifier;
        this.clock = clock;
    }

    @GetMapping("/")
    String root() {
        return "redirect:/console";
    }

    @GetMapping("/sign-in")
    String signIn() {
        return "console/sign-in";
    }

    @GetMapping("/console")
    String home() {
        return "console/home";
    }

    /** Refreshes itself every 30 seconds (a meta refresh: no script needed). */
    @GetMapping("/console/operations")
    String operations(Model model) throws Exception {
        model.addAttribute("queues", queues.all());
        model.addAttribute("followUps", followUp.open());
        model.addAttribute("at", Instant.now(clock));
        return "console/operations";
    }

    @GetMapping("/console/audit")
    String audit(Model model) {
        model.addAttribute("verification", verifier.verify());
        model.addAttribute("at", Instant.now(clock));
        return "console/audit";
    }
}
