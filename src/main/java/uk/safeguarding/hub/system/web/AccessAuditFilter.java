package uk.safeguarding.hub.system.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import uk.safeguarding.hub.audit.Access;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;
import uk.safeguarding.hub.audit.ChainWriter;

/**
 * Every read of personal data and every refused call leaves an audit entry: who (agency or person, with roles),
 * what (method and path), when, about whom (the subject a controller names), the status, and the caller's address.
 * A read that found nothing to show (an empty mailbox listing) read no personal data and leaves none.
 * A read is answered only once its entry is committed: the answer is held back until then, and if the entry
 * cannot be written the caller gets 503 instead of the data. Intake and acknowledgements audit themselves.
 */
class AccessAuditFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AccessAuditFilter.class);

    private final AuditTrail audit;
    private final ChainWriter chain;

    AccessAuditFilter(AuditTrail audit, ChainWriter chain) {
        this.audit = audit;
        this.chain = chain;
    }

    /** The calls whose success is itself a read of personal data. */
    static boolean readsPersonalData(HttpServletRequest request) {
        String path = request.getRequestURI();
        String method = request.getMethod();
        return ("GET".equals(method)
                        && (path.startsWith("/mailbox/")
                                // A MESH download: a share's sealed copy, or a receipt that may name a refusal's
                                // reason.
                                || (path.startsWith("/messageexchange/") && path.contains("/inbox/"))
                                || path.equals("/api/audit")
                                || path.equals("/console/operations/trace")
                                || path.equals("/console/audit")
                                || path.equals("/console/audit.csv")
                                || path.startsWith("/console/disclosures")
                                || path.equals("/api/legal-holds")
                                || path.startsWith("/console/reports")
                                || path.equals("/console/operations/dead-letters")
                                // An opening's page: its reason, and for its officer while open, the content.
                                || path.startsWith("/console/openings")
                                || path.startsWith("/api/reports/")))
                || ("POST".equals(method)
                        && (path.equals("/api/decisions/explain")
                                // Searches by NHS number are POSTs, to keep the number out of URLs.
                                || path.equals("/console/disclosures")
                                || path.equals("/console/audit")
                                || path.equals("/console/audit.csv")
                                || path.equals("/console/operations/trace")
                                || path.equals("/console/disclosures.csv")
                                || path.equals("/console/disclosures.pdf")
                                || path.equals("/console/openings/find")
                                || path.equals("/console/rules/explain/find")))
                || path.equals("/console/rules/explain");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path.startsWith("/actuator/health") || path.equals("/error");
    }

    @Override
    protected void doFilterInternal(
            HttpServletRequest request, HttpServletResponse response, FilterChain chainOfFilters)
            throws ServletException, IOException {
        boolean read = readsPersonalData(request);
        // Only a read's answer is held back until its entry is committed; intake and the rest go straight out.
        HttpServletResponse held = read ? new ContentCachingResponseWrapper(response) : response;
        try {
            chainOfFilters.doFilter(request, held);
        } finally {
            int status = held.getStatus();
            boolean refused = status == 401
                    || status == 403
                    || status == 404
                    || status == 405
                    || status == 415
                    // MESH's refusals of what a client sent: a bad header, another recipient, a locked message.
                    || (request.getRequestURI().startsWith("/messageexchange/") && status >= 400 && status < 500);
            // Intake audits what it refuses, and the sign-in guard every failed password.
            String authorization = request.getHeader("Authorization");
            boolean selfAudited = (request.getRequestURI().startsWith("/fhir/") && callerIsAgency())
                    || (status == 401 && authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6));
            boolean nothingRead = request.getAttribute(Access.NOTHING_READ) != null;
            if ((read && status < 400 && !nothingRead) || (refused && !selfAudited)) {
                try {
                    record(request, status, refused);
                } catch (RuntimeException e) {
                    log.error(
                            "AUDIT-FAILED an access could not be audited, so its answer is withheld: {}",
                            e.getMessage());
                    if (read) {
                        held.resetBuffer();
                    }
                    if (!held.isCommitted()) {
                        held.setStatus(503);
                        held.setHeader("Retry-After", "5");
                    }
                }
            }
            if (held instanceof ContentCachingResponseWrapper cached) {
                cached.copyBodyToResponse();
            }
        }
    }

    private void record(HttpServletRequest request, int status, boolean refused) {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        boolean known = who != null && who.isAuthenticated() && !(who instanceof AnonymousAuthenticationToken);
        Set<String> roles = known
                ? who.getAuthorities().stream()
                        .map(GrantedAuthority::getAuthority)
                        .filter(a -> !a.startsWith("FACTOR_")) // how they signed in, not a role
                        .map(a -> a.replaceFirst("^ROLE_", ""))
                        .collect(Collectors.toCollection(java.util.TreeSet::new))
                : Set.of();
        boolean agency = roles.contains(SecurityConfig.AGENCY);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("method", request.getMethod());
        detail.put("path", request.getRequestURI());
        detail.put("status", status);
        detail.put("address", request.getRemoteAddr());
        if (known && !agency) {
            detail.put("by", who.getName());
        }
        detail.put("roles", String.join(",", roles));
        if (!known) {
            detail.put("by", "nobody signed in");
        }
        String because = (String) request.getAttribute(Access.REFUSED_BECAUSE);
        if (because != null) {
            detail.put("because", because);
        }
        String subject = (String) request.getAttribute(Access.SUBJECT);
        if (subject == null && "/api/audit".equals(request.getRequestURI())) {
            subject = request.getParameter("subject");
        }
        if (subject != null && !subject.matches("\\d{10}")) {
            subject = null; // only a well-formed NHS number goes into the subject column
        }
        String finalSubject = subject;
        AuditTrail.Entry entry = new AuditTrail.Entry(
                refused ? AuditType.ACCESS_REFUSED : AuditType.ACCESSED,
                (String) request.getAttribute(Access.HUB_MESSAGE_ID),
                agency ? who.getName() : null,
                finalSubject,
                null,
                detail);
        Runnable withEntry = refused ? null : (Runnable) request.getAttribute(Access.WITH_ENTRY);
        chain.write(() -> {
            if (withEntry != null) {
                withEntry.run();
            }
            return audit.append(entry);
        });
    }

    private static boolean callerIsAgency() {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        return who != null
                && who.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_AGENCY"));
    }
}
