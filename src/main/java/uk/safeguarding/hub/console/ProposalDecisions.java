package uk.safeguarding.hub.console;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import uk.safeguarding.hub.governance.Proposals;

/** A second officer's approval or rejection in the console, the same for rules and register. */
final class ProposalDecisions {

    private ProposalDecisions() {}

    /**
     * Approves or rejects with the reason and leaves what happened for the proposal's page to show; an unknown
     * proposal is 404, one's own approval 403.
     */
    static void decide(
            Proposals proposals,
            String id,
            String verb,
            String reason,
            String who,
            String inForce,
            RedirectAttributes flash) {
        if (reason.isBlank()) {
            flash.addFlashAttribute("refused", "Say why: a reason is required.");
            return;
        }
        Proposals.Answer answer = verb.equals("approve")
                ? proposals.approve(id, who, reason.strip())
                : proposals.reject(id, who, reason.strip());
        switch (answer.status()) {
            case NOT_FOUND -> throw new ResponseStatusException(HttpStatus.NOT_FOUND);
            case NOT_YOURS ->
                throw new ResponseStatusException(
                        HttpStatus.FORBIDDEN, answer.problems().get(0));
            case APPLIED ->
                flash.addFlashAttribute(
                        "done", inForce + " " + answer.proposal().version() + " is in force.");
            case REJECTED ->
                flash.addFlashAttribute(
                        "done",
                        "The proposal is " + answer.proposal().state().name().toLowerCase() + ".");
            default -> flash.addFlashAttribute("refused", String.join("; ", answer.problems()));
        }
    }
}
