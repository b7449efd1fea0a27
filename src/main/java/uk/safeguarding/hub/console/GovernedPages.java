package uk.safeguarding.hub.console;

import java.security.Principal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import uk.safeguarding.hub.governance.Governed;
import uk.safeguarding.hub.governance.Proposals;
import uk.safeguarding.hub.governance.TextDiff;

/**
 * The console's pages for a governed document, the same for the rules and the agency register, under the document's
 * own path: its history with the difference between any two versions, a proposal with what it changes, and a
 * second officer's approval or rejection. What differs is the {@link Kind} (its words, where its pages are) and
 * what the page of one kind adds, in the controller that extends this one.
 */
abstract class GovernedPages {

    /**
     * A kind of governed document as the pages name it. {@code back}: a link back to its main page, if any;
     * {@code rollBack}: whether an earlier version may be proposed again from the history; {@code changeFrom}:
     * where a new proposal starts from an old one, if it can.
     */
    record Kind(
            String history,
            String proposal,
            String inForce,
            String base,
            String back,
            boolean rollBack,
            String changeFrom) {

        static final Kind RULES = new Kind(
                "Rule history", "Proposed version", "Version", "/console/rules", null, true, "/console/rules/change");

        static final Kind AGENCIES = new Kind(
                "Agency register history",
                "Proposed register version",
                "Register version",
                "/console/agencies",
                "/console/agencies",
                false,
                null);
    }

    private final Kind kind;
    private final Governed document;
    private final Proposals proposals;

    GovernedPages(Kind kind, Governed document, Proposals proposals) {
        this.kind = kind;
        this.document = document;
        this.proposals = proposals;
    }

    /** Every version, newest first; with {@code from} and {@code to}, the difference between them. */
    @GetMapping("/history")
    String history(
            @RequestParam(required = false) Integer from, @RequestParam(required = false) Integer to, Model model) {
        List<Governed.Version> versions = document.history();
        model.addAttribute("kind", kind);
        model.addAttribute("versions", versions);
        if (from != null && to != null) {
            String a = document.yaml(from).orElseThrow(GovernedPages::notFound);
            String b = document.yaml(to).orElseThrow(GovernedPages::notFound);
            model.addAttribute("diff", TextDiff.between("version " + from, a, "version " + to, b));
        }
        model.addAttribute(
                "from",
                from != null ? from : versions.size() > 1 ? versions.get(1).version() : null);
        model.addAttribute(
                "to",
                to != null ? to : versions.isEmpty() ? null : versions.get(0).version());
        model.addAttribute("compared", from != null && to != null);
        return "console/governed-history";
    }

    /**
     * A proposal and what it changes: while open, in the version in force ({@code running}, whose text is {@code
     * inForce}); once decided, in the version before the one it was to become, so an approved proposal still shows
     * what it changed.
     */
    String proposalPage(String id, int running, String inForce, Model model) {
        Proposals.Proposal p = proposals.find(id).orElseThrow(GovernedPages::notFound);
        int base = running;
        String baseText = inForce;
        if (p.state() != Proposals.State.OPEN && p.version() - 1 >= 1) {
            var earlier = document.yaml(p.version() - 1);
            if (earlier.isPresent()) {
                base = p.version() - 1;
                baseText = earlier.get();
            }
        }
        model.addAttribute("kind", kind);
        model.addAttribute("proposal", p);
        model.addAttribute("running", base);
        model.addAttribute("baseText", baseText);
        model.addAttribute(
                "diff",
                TextDiff.between(
                        "version " + base,
                        baseText,
                        "proposed",
                        proposals.yaml(id).orElseThrow()));
        if (!model.containsAttribute("problems")) {
            model.addAttribute("problems", List.of());
        }
        if (!model.containsAttribute("sentences")) {
            model.addAttribute("sentences", java.util.Map.of());
        }
        return "console/governed-proposal";
    }

    /**
     * Approves or rejects with the reason and goes back to the proposal's page, which shows what happened; an
     * unknown proposal is 404, one's own approval 403.
     */
    @PostMapping("/proposals/{id}/{verb:approve|reject}")
    String decide(
            @PathVariable String id,
            @PathVariable String verb,
            @RequestParam(defaultValue = "") String reason,
            Principal who,
            RedirectAttributes flash) {
        String back = "redirect:" + kind.base() + "/proposals/" + id;
        if (reason.isBlank()) {
            flash.addFlashAttribute("refused", "Say why: a reason is required.");
            return back;
        }
        Proposals.Answer answer = verb.equals("approve")
                ? proposals.approve(id, who.getName(), reason.strip())
                : proposals.reject(id, who.getName(), reason.strip());
        switch (answer.status()) {
            case NOT_FOUND -> throw notFound();
            case NOT_YOURS ->
                throw new ResponseStatusException(
                        HttpStatus.FORBIDDEN, answer.problems().get(0));
            case APPLIED ->
                flash.addFlashAttribute(
                        "done", kind.inForce() + " " + answer.proposal().version() + " is in force.");
            case REJECTED ->
                flash.addFlashAttribute(
                        "done",
                        "The proposal is " + answer.proposal().state().name().toLowerCase() + ".");
            default -> flash.addFlashAttribute("refused", String.join("; ", answer.problems()));
        }
        return back;
    }

    static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
}
