package uk.safeguarding.hub.delivery;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.safeguarding.hub.audit.Access;

/** The mailbox calls (docs/interfaces.md). Every call sees only the calling agency's own queue. */
@RestController
class MailboxController {

    static final MediaType PKCS7_MIME = MediaType.parseMediaType("application/pkcs7-mime");

    private final Mailbox mailbox;
    private final Acknowledgements acknowledgements;

    private final Chronology chronology;

    MailboxController(Mailbox mailbox, Acknowledgements acknowledgements, Chronology chronology) {
        this.mailbox = mailbox;
        this.acknowledgements = acknowledgements;
        this.chronology = chronology;
    }

    /** Every share the agency received about the family, oldest first; empty if it is not involved with it. */
    @GetMapping("/mailbox/chronology")
    ResponseEntity<List<java.util.Map<String, Object>>> chronology(
            @org.springframework.web.bind.annotation.RequestParam String nhsNumber,
            @AuthenticationPrincipal UserDetails agency,
            HttpServletRequest request) {
        if (!uk.safeguarding.hub.message.NhsNumber.isValid(nhsNumber)) {
            return ResponseEntity.badRequest().build();
        }
        request.setAttribute(Access.SUBJECT, nhsNumber);
        return ResponseEntity.ok(chronology.of(agency.getUsername(), nhsNumber));
    }

    /** At most {@code limit} (default 100, at most 1,000), urgent first, then oldest first. */
    @GetMapping("/mailbox/messages")
    List<Mailbox.Entry> list(
            @AuthenticationPrincipal UserDetails agency,
            @org.springframework.web.bind.annotation.RequestParam(defaultValue = "100") int limit,
            HttpServletRequest request) {
        List<Mailbox.Entry> entries = mailbox.list(agency.getUsername(), Math.max(1, Math.min(limit, 1000)));
        if (entries.isEmpty()) {
            request.setAttribute(Access.NOTHING_READ, Boolean.TRUE);
        }
        return entries;
    }

    @GetMapping("/mailbox/messages/{id}")
    ResponseEntity<byte[]> fetch(
            @PathVariable String id, @AuthenticationPrincipal UserDetails agency, HttpServletRequest request) {
        return mailbox.fetch(agency.getUsername(), id)
                .map(body -> {
                    request.setAttribute(Access.WITH_ENTRY, (Runnable) () -> mailbox.markFetched(id));
                    return ResponseEntity.ok().contentType(PKCS7_MIME).body(body);
                })
                .orElseGet(() -> notTheCallers(request));
    }

    private static <T> ResponseEntity<T> notTheCallers(HttpServletRequest request) {
        request.setAttribute(Access.REFUSED_BECAUSE, "no message with this id in the caller's mailbox");
        return ResponseEntity.notFound().build();
    }

    @PostMapping("/mailbox/messages/{id}/ack")
    ResponseEntity<Void> acknowledge(
            @PathVariable String id, @AuthenticationPrincipal UserDetails agency, HttpServletRequest request) {
        return switch (acknowledgements.acknowledge(agency.getUsername(), id, Acknowledgements.Via.MAILBOX_API)) {
            case ACKNOWLEDGED, ALREADY_ACKNOWLEDGED ->
                ResponseEntity.noContent().build();
            case NOT_FOUND -> notTheCallers(request);
        };
    }
}
