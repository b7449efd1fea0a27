package uk.safeguarding.hub.console;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import uk.safeguarding.hub.audit.Access;
import uk.safeguarding.hub.delivery.AcceptedMessages;
import uk.safeguarding.hub.delivery.MessageRecords;
import uk.safeguarding.hub.intake.QuarantinedMessages;
import uk.safeguarding.hub.message.NhsNumber;
import uk.safeguarding.hub.policy.PolicyProperties;
import uk.safeguarding.hub.review.ContentOpenings;
import uk.safeguarding.hub.review.ContentOpenings.Kind;
import uk.safeguarding.hub.review.ContentOpenings.Opening;
import uk.safeguarding.hub.review.HeldContent;

/**
 * Seeing what was sent, when a review needs it. An officer (IG_OFFICER) finds a message (by the person it is about,
 * or among the refused ones), chooses a purpose and says why, and sees its content for {@code hub.review.open-for};
 * the page closes itself at the end. Caldicott guardians (CALDICOTT_GUARDIAN) see every opening and review each one
 * they did not make; auditors see the queue and every outcome. Which role may do what is SecurityConfig's.
 */
@Controller
class OpeningPages {

    private final ContentOpenings openings;
    private final HeldContent content;
    private final AcceptedMessages accepted;
    private final MessageRecords records;
    private final QuarantinedMessages quarantine;
    private final PolicyProperties policy;
    private final Clock clock;

    OpeningPages(
            ContentOpenings openings,
            HeldContent content,
            AcceptedMessages accepted,
            MessageRecords records,
            QuarantinedMessages quarantine,
            PolicyProperties policy,
            Clock clock) {
        this.openings = openings;
        this.content = content;
        this.accepted = accepted;
        this.records = records;
        this.quarantine = quarantine;
        this.policy = policy;
        this.clock = clock;
    }

    @GetMapping("/console/openings")
    String queue(Model model, Authentication who) {
        model.addAttribute("openings", openings.latest(200));
        model.addAttribute("waiting", openings.waiting());
        model.addAttribute("me", who.getName());
        model.addAttribute("now", Instant.now(clock));
        model.addAttribute(
                "lateAfter",
                UkTime.waitedFor(openings.properties().reviewWithin().toSeconds()));
        model.addAttribute("quarantined", quarantine.latest(20));
        model.addAttribute("guardian", has(who, Access.CALDICOTT_GUARDIAN));
        model.addAttribute("officer", has(who, Access.IG_OFFICER));
        model.addAttribute("late", (java.util.function.Predicate<Opening>) openings::late);
        return "console/openings";
    }

    /** The messages about a person (the number in the form, never the address), to choose one to open. */
    @PostMapping("/console/openings/find")
    String find(@RequestParam(defaultValue = "") String nhsNumber, Model model, HttpServletRequest request) {
        String nhs = nhsNumber.strip().replace(" ", "");
        model.addAttribute("nhsNumber", nhs);
        if (!NhsNumber.isValid(nhs)) {
            model.addAttribute("problem", "That is not an NHS number (10 digits with a valid check digit).");
        } else {
            request.setAttribute(Access.SUBJECT, nhs);
            Instant now = Instant.now(clock);
            model.addAttribute("found", accepted.about(nhs, now.minus(Duration.ofDays(3660)), now.plusSeconds(60)));
        }
        model.addAttribute("keptDays", policy.keepMessagesFor().toDays());
        return "console/opening-find";
    }

    @GetMapping("/console/openings/new")
    String choose(
            @RequestParam(required = false) String message,
            @RequestParam(required = false) String quarantined,
            Model model) {
        if ((message == null) == (quarantined == null)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "name one message or one refused message");
        }
        model.addAttribute("kind", message != null ? Kind.MESSAGE : Kind.QUARANTINED);
        model.addAttribute("target", message != null ? message : quarantined);
        model.addAttribute("keptDays", policy.keepMessagesFor().toDays());
        model.addAttribute(
                "openFor", UkTime.waitedFor(openings.properties().openFor().toSeconds()));
        model.addAttribute("purposes", ContentOpenings.Why.values());
        if (message != null) {
            var row = records.message(message)
                    .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such message"));
            model.addAttribute("message", row);
            model.addAttribute("held", content.messageHeld(message));
        } else {
            QuarantinedMessages.Kept refused = quarantine
                    .find(quarantined)
                    .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such refused message"));
            model.addAttribute("refusedMessage", refused);
            model.addAttribute("held", refused.size() != null);
        }
        return "console/opening-new";
    }

    @PostMapping("/console/openings")
    String open(
            @RequestParam String kind,
            @RequestParam String target,
            @RequestParam(defaultValue = "") String purpose,
            @RequestParam(defaultValue = "") String reason,
            Principal who,
            RedirectAttributes flash) {
        Kind k = java.util.Arrays.stream(Kind.values())
                .filter(v -> v.name().equals(kind))
                .findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST, "no such kind of content"));
        String back = "redirect:/console/openings/new?" + (k == Kind.MESSAGE ? "message=" : "quarantined=") + target;
        Optional<ContentOpenings.Why> why = java.util.Arrays.stream(ContentOpenings.Why.values())
                .filter(w -> w.name().equals(purpose))
                .findFirst();
        if (why.isEmpty() || reason.isBlank()) {
            flash.addFlashAttribute(
                    "refused",
                    why.isEmpty()
                            ? "Choose the purpose you open it for."
                            : "Say why you need to see it: a reason is required.");
            flash.addFlashAttribute("reason", reason);
            return back;
        }
        String subject = null;
        if (k == Kind.MESSAGE) {
            Optional<String> held = content.subjectOf(target);
            if (held.isEmpty()) {
                flash.addFlashAttribute("refused", "The content of this message is gone.");
                return back;
            }
            subject = held.get();
        } else if (!content.quarantinedHeld(target)) {
            flash.addFlashAttribute("refused", "The content of this refused message was discarded.");
            return back;
        }
        Opening opening = openings.open(
                k, target, k == Kind.MESSAGE ? target : null, subject, who.getName(), why.get(), reason.strip());
        return "redirect:/console/openings/" + opening.id();
    }

    /**
     * One opening: what, why, by whom, until when, and its review. The officer who opened it sees the content while
     * it is open, and the page reloads itself when it closes.
     */
    @GetMapping("/console/openings/{id}")
    String opening(@PathVariable String id, Model model, Authentication who, HttpServletRequest request) {
        Opening opening = openings.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        Instant now = Instant.now(clock);
        boolean mine = opening.openedBy().equals(who.getName());
        model.addAttribute("o", opening);
        model.addAttribute("mine", mine);
        model.addAttribute("now", now);
        model.addAttribute("late", openings.late(opening));
        model.addAttribute("guardian", has(who, Access.CALDICOTT_GUARDIAN));
        model.addAttribute(
                "lateAfter",
                UkTime.waitedFor(openings.properties().reviewWithin().toSeconds()));
        model.addAttribute("findings", ContentOpenings.Outcome.values());
        if (mine && opening.openAt(now)) {
            Optional<HeldContent.Shown> shown = opening.kind() == Kind.MESSAGE
                    ? content.message(opening.targetId())
                    : content.quarantined(opening.targetId());
            shown.ifPresent(s -> {
                if (s.subjectNhs() != null) {
                    request.setAttribute(Access.SUBJECT, s.subjectNhs());
                }
                if (s.hubMessageId() != null) {
                    request.setAttribute(Access.HUB_MESSAGE_ID, s.hubMessageId());
                }
            });
            model.addAttribute("shown", shown.orElse(null));
            model.addAttribute(
                    "closesInSeconds",
                    Math.max(1, Duration.between(now, opening.closesAt()).toSeconds() + 1));
        }
        return "console/opening";
    }

    @PostMapping("/console/openings/{id}/review")
    String review(
            @PathVariable String id,
            @RequestParam(defaultValue = "") String finding,
            @RequestParam(defaultValue = "") String note,
            Principal who,
            RedirectAttributes flash) {
        Optional<ContentOpenings.Outcome> outcome = java.util.Arrays.stream(ContentOpenings.Outcome.values())
                .filter(o -> o.name().equals(finding))
                .findFirst();
        if (outcome.isEmpty() || note.isBlank()) {
            flash.addFlashAttribute(
                    "refused",
                    outcome.isEmpty()
                            ? "Choose a finding: appropriate, not appropriate or escalated."
                            : "Write a note: what you found, and for an escalation, to whom.");
            return "redirect:/console/openings/" + id;
        }
        switch (openings.review(id, who.getName(), outcome.get(), note.strip())) {
            case DONE -> flash.addFlashAttribute("done", "Your review is recorded.");
            case OWN_OPENING ->
                flash.addFlashAttribute(
                        "refused", "You opened this content yourself: another Caldicott guardian reviews it.");
            case ALREADY_REVIEWED -> flash.addFlashAttribute("refused", "This opening is already reviewed.");
            case NOT_FOUND -> throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return "redirect:/console/openings/" + id;
    }

    private static boolean has(Authentication who, String role) {
        return who.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_" + role));
    }
}
