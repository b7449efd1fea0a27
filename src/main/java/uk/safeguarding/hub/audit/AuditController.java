package uk.safeguarding.hub.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code GET /api/audit} (IG_OFFICER): entries newest first, a page at a time ({@code limit}, 1 to 1,000, default
 * 100), filtered by subject NHS number, event, agency, type and time ({@code from} inclusive, {@code to} exclusive, ISO
 * instants). {@code next} is the link to the following (older) page, absent on the last; {@code before} is its
 * cursor (the sequence number the next page starts below). Each entry's {@code detail} is its JSON object. A bad
 * filter is answered 400 with the reason. With {@code format=fhir} the same page is a FHIR Bundle of AuditEvents
 * (AuditEvents), its next page a link of relation {@code next}. {@code GET /api/audit/verify} (IG_OFFICER or OPS): the chain check.
 */
@RestController
class AuditController {

    record Page(List<AuditSearch.Row> entries, String next) {}

    private final AuditVerifier verifier;
    private final AuditSearch search;
    private final ca.uhn.fhir.context.FhirContext fhir;

    AuditController(AuditVerifier verifier, AuditSearch search, ca.uhn.fhir.context.FhirContext fhir) {
        this.verifier = verifier;
        this.search = search;
        this.fhir = fhir;
    }

    @GetMapping("/api/audit/verify")
    AuditVerifier.Verification verify() {
        return verifier.verify();
    }

    @GetMapping("/api/audit")
    ResponseEntity<?> entries(
            @RequestParam(required = false) String subject,
            @RequestParam(required = false) String event,
            @RequestParam(required = false) String agency,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) Long before,
            @RequestParam(defaultValue = "100") int limit,
            @RequestParam(required = false) String format) {
        if (format != null && !format.equals("fhir")) {
            return ResponseEntity.badRequest().body(Map.of("problems", List.of("format must be fhir, or absent")));
        }
        AuditSearch.Query query = new AuditSearch.Query(subject, event, agency, type, from, to, before, limit);
        List<String> problems = query.problems();
        if (!problems.isEmpty()) {
            return ResponseEntity.badRequest().body(Map.of("problems", problems));
        }
        AuditSearch.Page page = search.find(query);
        String next = null;
        if (page.nextBefore() != null) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("subject", subject);
            params.put("event", event);
            params.put("agency", agency);
            params.put("type", type);
            params.put("from", from);
            params.put("to", to);
            UriComponentsBuilder link = UriComponentsBuilder.fromPath("/api/audit");
            params.forEach((k, v) -> {
                if (v != null && !v.toString().isBlank()) {
                    link.queryParam(k, v);
                }
            });
            if (format != null) {
                link.queryParam("format", format);
            }
            next = link.queryParam("before", page.nextBefore())
                    .queryParam("limit", limit)
                    .encode()
                    .build()
                    .toUriString();
        }
        if (format != null) {
            org.hl7.fhir.r4.model.Bundle bundle = AuditEvents.bundle(page.rows());
            if (next != null) {
                bundle.addLink().setRelation("next").setUrl(next);
            }
            return ResponseEntity.ok()
                    .contentType(org.springframework.http.MediaType.parseMediaType("application/fhir+json"))
                    .body(fhir.newJsonParser().encodeResourceToString(bundle));
        }
        return ResponseEntity.ok(new Page(page.rows(), next));
    }
}
