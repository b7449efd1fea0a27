package uk.safeguarding.hub.console;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import uk.safeguarding.hub.audit.Access;
import uk.safeguarding.hub.message.NhsNumber;
import uk.safeguarding.hub.report.DisclosureExport;
import uk.safeguarding.hub.report.DisclosureLog;

/**
 * The disclosure log for a person (IG_OFFICER): every disclosure the hub made about them or their linked children;
 * each entry can be marked withheld from the subject access response with a reason, or released again; the export
 * (CSV, PDF) leaves the withheld out and says how many. Every read is audited with the subject.
 */
@Controller
class DisclosurePages {

    private final DisclosureLog log;
    private final uk.safeguarding.hub.retention.LegalHolds holds;
    private final Clock clock;

    DisclosurePages(DisclosureLog log, uk.safeguarding.hub.retention.LegalHolds holds, Clock clock) {
        this.log = log;
        this.holds = holds;
        this.clock = clock;
    }

    /**
     * The search; after a change (a redirect), the same person's log again, carried in the session's flash, never in
     * the URL: an NHS number must not reach a proxy's log or the browser's history.
     */
    @GetMapping("/console/disclosures")
    String page(HttpServletRequest request, Model model) {
        Object after = model.getAttribute("shownNhs");
        return show(after == null ? null : after.toString(), request, model);
    }

    @PostMapping("/console/disclosures")
    String search(@RequestParam(defaultValue = "") String nhsNumber, HttpServletRequest request, Model model) {
        return show(nhsNumber, request, model);
    }

    private String show(String nhsNumber, HttpServletRequest request, Model model) {
        model.addAttribute("nhsNumber", nhsNumber == null ? "" : nhsNumber.strip());
        if (nhsNumber != null && !nhsNumber.isBlank()) {
            String nhs = valid(nhsNumber);
            if (nhs == null) {
                model.addAttribute("problem", "That is not an NHS number (10 digits with a valid check digit).");
            } else {
                request.setAttribute(Access.SUBJECT, nhs);
                model.addAttribute("log", log.of(nhs));
                model.addAttribute("held", holds.held(nhs));
            }
        }
        return "console/disclosures";
    }

    @PostMapping("/console/disclosures.csv")
    ResponseEntity<byte[]> csv(@RequestParam String nhsNumber, HttpServletRequest request) {
        String nhs = required(nhsNumber, request);
        return file(
                DisclosureExport.csv(log.of(nhs)).getBytes(StandardCharsets.UTF_8),
                MediaType.parseMediaType("text/csv;charset=UTF-8"),
                "disclosures.csv");
    }

    @PostMapping("/console/disclosures.pdf")
    ResponseEntity<byte[]> pdf(@RequestParam String nhsNumber, HttpServletRequest request) {
        String nhs = required(nhsNumber, request);
        return file(
                DisclosureExport.pdf(log.of(nhs), Instant.now(clock)), MediaType.APPLICATION_PDF, "disclosures.pdf");
    }

    @PostMapping("/console/disclosures/{seq}/{verb:withhold|release}")
    String mark(
            @PathVariable long seq,
            @PathVariable String verb,
            @RequestParam String nhsNumber,
            @RequestParam(defaultValue = "") String reason,
            Principal who,
            RedirectAttributes flash) {
        String nhs = valid(nhsNumber);
        if (nhs == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
        String back = back(nhs, flash);
        if (reason.isBlank()) {
            flash.addFlashAttribute("refused", "Say why: a reason is required.");
            return "redirect:" + back;
        }
        var done = verb.equals("withhold")
                ? log.withhold(nhs, seq, who.getName(), reason.strip())
                : log.release(nhs, seq, who.getName(), reason.strip());
        if (done.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        flash.addFlashAttribute(
                "done",
                verb.equals("withhold")
                        ? "The entry is left out of the subject access response."
                        : "The entry is back in the subject access response.");
        return "redirect:" + back;
    }

    /** A legal hold on the person: nothing about their family is pruned until it is lifted. */
    @PostMapping("/console/disclosures/hold")
    String hold(
            @RequestParam String nhsNumber,
            @RequestParam String action,
            @RequestParam(defaultValue = "") String reason,
            Principal who,
            RedirectAttributes flash) {
        String nhs = valid(nhsNumber);
        if (nhs == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
        if (reason.isBlank()) {
            flash.addFlashAttribute("refused", "Say why: a reason is required.");
        } else if (action.equals("place")) {
            holds.place(nhs, who.getName(), reason.strip());
            flash.addFlashAttribute("done", "A legal hold is placed: nothing about this family is pruned.");
        } else {
            holds.lift(nhs, who.getName(), reason.strip());
            flash.addFlashAttribute("done", "The legal hold is lifted.");
        }
        return "redirect:" + back(nhs, flash);
    }

    /** Back to the person's log: the NHS number goes in the flash, not the URL. */
    private static String back(String nhs, RedirectAttributes flash) {
        flash.addFlashAttribute("shownNhs", nhs);
        return "/console/disclosures";
    }

    private static String valid(String nhsNumber) {
        String nhs = nhsNumber == null ? "" : nhsNumber.replace(" ", "").strip();
        return NhsNumber.isValid(nhs) ? nhs : null;
    }

    private static String required(String nhsNumber, HttpServletRequest request) {
        String nhs = valid(nhsNumber);
        if (nhs == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "not an NHS number");
        }
        request.setAttribute(Access.SUBJECT, nhs);
        return nhs;
    }

    private static ResponseEntity<byte[]> file(byte[] body, MediaType type, String name) {
        return ResponseEntity.ok()
                .contentType(type)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name).build().toString())
                .body(body);
    }
}
