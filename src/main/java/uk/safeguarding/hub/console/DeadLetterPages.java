package uk.safeguarding.hub.console;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import uk.safeguarding.hub.intake.QuarantinedMessages;
import uk.safeguarding.hub.operations.DeadLetters;

/**
 * Dead letters and quarantine for operations (OPS): every dead letter with where it came from, its tries and its
 * last failure; retry or discard one, a selection or the first N, always after a preview of exactly which; discard
 * needs a reason. Quarantined messages with the reason they were refused; their content can be discarded, with a
 * reason. Never any message's content.
 */
@Controller
class DeadLetterPages {

    private final DeadLetters deadLetters;
    private final QuarantinedMessages quarantine;

    private final uk.safeguarding.hub.register.AgencyRegister agencies;

    DeadLetterPages(
            DeadLetters deadLetters,
            QuarantinedMessages quarantine,
            uk.safeguarding.hub.register.AgencyRegister agencies) {
        this.agencies = agencies;
        this.deadLetters = deadLetters;
        this.quarantine = quarantine;
    }

    @GetMapping("/console/operations/dead-letters")
    String list(Model model) throws Exception {
        Map<String, List<DeadLetters.Letter>> queues = new LinkedHashMap<>();
        for (String queue : DeadLetters.queueNames()) {
            queues.put(queue, deadLetters.list(queue, DeadLetters.LIMIT));
        }
        model.addAttribute("queues", queues);
        model.addAttribute("quarantined", quarantine.latest(50));
        model.addAttribute("limit", DeadLetters.LIMIT);
        names(model);
        return "console/dead-letters";
    }

    /** What an action would touch, listed before it is done. */
    @PostMapping("/console/operations/dead-letters/preview")
    String preview(
            @RequestParam String queue,
            @RequestParam String action,
            @RequestParam(defaultValue = "selected") String scope,
            @RequestParam(required = false) List<Long> ids,
            @RequestParam(defaultValue = "10") int first,
            Model model,
            RedirectAttributes flash)
            throws Exception {
        List<DeadLetters.Letter> letters = scope.equals("first")
                ? deadLetters.list(queue, Math.max(1, first))
                : ids == null ? List.of() : deadLetters.find(queue, ids);
        if (letters.isEmpty()) {
            flash.addFlashAttribute("refused", "Nothing to " + action + ": choose at least one dead letter.");
            return "redirect:/console/operations/dead-letters";
        }
        model.addAttribute("queue", queue);
        model.addAttribute("action", action.equals("discard") ? "discard" : "retry");
        model.addAttribute("letters", letters);
        names(model);
        return "console/dead-letters-preview";
    }

    @PostMapping("/console/operations/dead-letters/act")
    String act(
            @RequestParam String queue,
            @RequestParam String action,
            @RequestParam List<Long> ids,
            @RequestParam(defaultValue = "") String reason,
            Principal who,
            RedirectAttributes flash)
            throws Exception {
        if (action.equals("discard")) {
            if (reason.isBlank()) {
                flash.addFlashAttribute("refused", "Say why: discarding a dead letter needs a reason.");
                return "redirect:/console/operations/dead-letters";
            }
            int n = deadLetters.discard(queue, ids, who.getName(), reason.strip());
            flash.addFlashAttribute(
                    "done", n + " discarded from " + uk.safeguarding.hub.message.Words.EN.of("queue", queue) + ".");
        } else {
            int n = deadLetters.retry(queue, ids, who.getName());
            flash.addFlashAttribute(
                    "done",
                    n + " sent back for another try, from " + uk.safeguarding.hub.message.Words.EN.of("queue", queue)
                            + ".");
        }
        return "redirect:/console/operations/dead-letters";
    }

    @PostMapping("/console/operations/quarantine/discard")
    String discardQuarantined(
            @RequestParam(required = false) List<String> ids,
            @RequestParam(defaultValue = "") String reason,
            Principal who,
            RedirectAttributes flash) {
        if (ids == null || ids.isEmpty() || reason.isBlank()) {
            flash.addFlashAttribute("refused", "Choose at least one quarantined message and say why.");
        } else {
            int n = quarantine.discard(ids, who.getName(), reason.strip());
            flash.addFlashAttribute("done", "The content of " + n + " quarantined message(s) is discarded.");
        }
        return "redirect:/console/operations/dead-letters";
    }

    /** Agencies by name, and where each one's system is pushed to, for the pages' words. */
    private void names(Model model) {
        Map<String, String> endpoints = new java.util.HashMap<>();
        agencies.all().stream()
                .filter(a -> a.pushUrl() != null)
                .forEach(a -> endpoints.put(a.id(), a.pushUrl().toString()));
        model.addAttribute("agencyNames", AgencyChoices.names(agencies));
        model.addAttribute("endpoints", endpoints);
    }
}
