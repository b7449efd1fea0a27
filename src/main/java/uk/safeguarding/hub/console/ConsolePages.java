package uk.safeguarding.hub.console;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import uk.safeguarding.hub.audit.AuditSearch;
import uk.safeguarding.hub.audit.AuditVerifier;
import uk.safeguarding.hub.delivery.FollowUp;
import uk.safeguarding.hub.operations.Dashboard;
import uk.safeguarding.hub.operations.MessageTrace;
import uk.safeguarding.hub.policy.PolicyEngine;
import uk.safeguarding.hub.policy.RuleSet;

/**
 * The console's pages: sign-in, the start page (what the person's roles may use), the operations dashboard (OPS)
 * and the audit chain (IG_OFFICER, AUDITOR). Which role may open which page is SecurityConfig's; a page a role may
 * not use is neither linked for it nor served to it.
 */
@Controller
class ConsolePages {

    private final Dashboard dashboard;
    private final java.time.Duration sessionTimeout;
    private final FollowUp followUp;
    private final AuditVerifier verifier;
    private final AuditSearch auditSearch;
    private final org.springframework.beans.factory.ObjectProvider<
                    org.springframework.security.oauth2.client.registration.ClientRegistrationRepository>
            oidcClients;
    private final String oidcLabel;
    private final Clock clock;
    private final MessageTrace trace;
    private final PolicyEngine policy;
    private final uk.safeguarding.hub.register.AgencyRegister agencyRegister;

    private final long meshDays;
    private final long storageWarnBelow;

    private final uk.safeguarding.hub.review.ContentOpenings openings;

    ConsolePages(
            Dashboard dashboard,
            @org.springframework.beans.factory.annotation.Value("${server.servlet.session.timeout:15m}")
                    java.time.Duration sessionTimeout,
            FollowUp followUp,
            AuditVerifier verifier,
            AuditSearch auditSearch,
            org.springframework.beans.factory.ObjectProvider<
                            org.springframework.security.oauth2.client.registration.ClientRegistrationRepository>
                    oidcClients,
            @org.springframework.beans.factory.annotation.Value("${hub.oidc.label:Sign in with NHS CIS2}")
                    String oidcLabel,
            Clock clock,
            MessageTrace trace,
            PolicyEngine policy,
            uk.safeguarding.hub.register.AgencyRegister agencyRegister,
            uk.safeguarding.hub.mesh.MeshProperties mesh,
            uk.safeguarding.hub.operations.StorageProperties storage,
            uk.safeguarding.hub.review.ContentOpenings openings) {
        this.openings = openings;
        this.storageWarnBelow = storage.warnBelow().toBytes();
        this.agencyRegister = agencyRegister;
        this.meshDays = mesh.uncollectedAfter().toDays();
        this.trace = trace;
        this.policy = policy;
        this.dashboard = dashboard;
        this.sessionTimeout = sessionTimeout;
        this.followUp = followUp;
        this.verifier = verifier;
        this.auditSearch = auditSearch;
        this.oidcClients = oidcClients;
        this.oidcLabel = oidcLabel;
        this.clock = clock;
    }

    @GetMapping("/")
    String root() {
        return "redirect:/console";
    }

    /** How long a pause lasts, as a person reads it: "for 4 more seconds", "until 10:02 (UK time), 15 minutes". */
    static String pausedFor(java.time.Instant until, java.time.Instant now) {
        long seconds = Math.max(1, java.time.Duration.between(now, until).toSeconds() + 1);
        if (seconds < 120) {
            return "Try again in " + seconds + " second" + (seconds == 1 ? "" : "s") + ".";
        }
        String at = java.time.format.DateTimeFormatter.ofPattern("HH:mm")
                .withZone(java.time.ZoneId.of("Europe/London"))
                .format(until);
        return "Try again after " + at + " (UK time), in about " + (seconds + 59) / 60 + " minutes.";
    }

    /** The password form, and a button per OpenID Connect provider configured (NHS CIS2). */
    @GetMapping("/sign-in")
    String signIn(Model model, jakarta.servlet.http.HttpServletRequest request) {
        var session = request.getSession(false);
        if (session != null) {
            model.addAttribute("name", session.getAttribute(uk.safeguarding.hub.audit.Access.SIGN_IN_NAME));
            Object until = session.getAttribute(uk.safeguarding.hub.audit.Access.SIGN_IN_PAUSED_UNTIL);
            if (until instanceof java.time.Instant at) {
                model.addAttribute("pausedFor", pausedFor(at, Instant.now(clock)));
            }
            session.removeAttribute(uk.safeguarding.hub.audit.Access.SIGN_IN_NAME);
            session.removeAttribute(uk.safeguarding.hub.audit.Access.SIGN_IN_PAUSED_UNTIL);
        }
        java.util.List<String> providers = new java.util.ArrayList<>();
        if (oidcClients.getIfAvailable() instanceof Iterable<?> registrations) {
            registrations.forEach(
                    r -> providers.add(((org.springframework.security.oauth2.client.registration.ClientRegistration) r)
                            .getRegistrationId()));
        }
        model.addAttribute("providers", providers);
        model.addAttribute("providerLabel", oidcLabel);
        return "console/sign-in";
    }

    @GetMapping("/signed-in")
    String signedIn() {
        return "console/signed-in";
    }

    @GetMapping("/console")
    String home(Model model) {
        // The notice to Caldicott guardians (and officers and auditors) of openings waiting for review.
        model.addAttribute("openingsWaiting", openings.waiting());
        model.addAttribute(
                "reviewWithin",
                UkTime.waitedFor(openings.properties().reviewWithin().toSeconds()));
        return "console/home";
    }

    /**
     * The dashboard as at the moment it is loaded; with JavaScript on, it updates itself every {@code refresh}
     * seconds (30 unless asked, at least 5) with a control to pause, and stops after the session's idle time
     * without activity, so that an open dashboard does not keep a session alive for ever. (A page that reloads
     * itself with no such control fails WCAG 2.2.1 and 2.2.2.)
     */
    @GetMapping("/console/operations")
    String operations(
            @org.springframework.web.bind.annotation.RequestParam(defaultValue = "30") int refresh, Model model)
            throws Exception {
        Dashboard.Snapshot snapshot = dashboard.refresh();
        model.addAttribute("s", snapshot);
        model.addAttribute("chart", MinuteChart.of(snapshot.minutes()));
        model.addAttribute("followUps", followUp.open());
        model.addAttribute("at", snapshot.at());
        model.addAttribute("refreshSeconds", Math.max(5, refresh));
        model.addAttribute("idleSeconds", sessionTimeout.toSeconds());
        model.addAttribute("warningDays", Dashboard.CERTIFICATE_WARNING_DAYS);
        model.addAttribute("meshDays", meshDays);
        model.addAttribute("storageWarnBelow", storageWarnBelow);
        model.addAttribute("mailboxes", Mailboxes.of(snapshot.queues(), agencyRegister.all()));
        model.addAttribute("openingsWaiting", openings.waiting());
        model.addAttribute(
                "reviewWithin",
                UkTime.waitedFor(openings.properties().reviewWithin().toSeconds()));
        AgencyChoices.into(model, agencyRegister);
        return "console/operations";
    }

    /**
     * Find messages by one indexed key, and trace the one chosen. A search by NHS number is a read of personal data:
     * audited with the subject.
     */
    @org.springframework.web.bind.annotation.RequestMapping(
            value = "/console/operations/trace",
            method = {
                org.springframework.web.bind.annotation.RequestMethod.GET,
                org.springframework.web.bind.annotation.RequestMethod.POST
            })
    String trace(
            @org.springframework.web.bind.annotation.RequestParam(required = false) String hubId,
            @org.springframework.web.bind.annotation.RequestParam(required = false) String senderAgency,
            @org.springframework.web.bind.annotation.RequestParam(required = false) String senderMessageId,
            @org.springframework.web.bind.annotation.RequestParam(required = false) String nhsNumber,
            @org.springframework.web.bind.annotation.RequestParam(required = false) String from,
            @org.springframework.web.bind.annotation.RequestParam(required = false) String to,
            @org.springframework.web.bind.annotation.RequestParam(required = false) String event,
            jakarta.servlet.http.HttpServletRequest request,
            Model model) {
        java.util.List<String> problems = new java.util.ArrayList<>();
        Instant fromAt = instant(blank(from), "from", problems);
        Instant toAt = instant(blank(to), "to", problems);
        // An NHS number only ever comes in a POST's body: in a URL it would reach proxies' logs and browsers' history.
        String nhs = "POST".equals(request.getMethod()) ? blank(nhsNumber) : null;
        if (nhs != null) {
            if (!uk.safeguarding.hub.message.NhsNumber.isValid(nhs)) {
                problems.add("the NHS number fails its check digit");
                nhs = null;
            } else {
                request.setAttribute(uk.safeguarding.hub.audit.Access.SUBJECT, nhs);
            }
        }
        var found = problems.isEmpty()
                ? trace.find(blank(hubId), blank(senderAgency), blank(senderMessageId), nhs, fromAt, toAt, blank(event))
                : java.util.List.<MessageTrace.Found>of();
        model.addAttribute("problems", problems);
        model.addAttribute("found", found);
        model.addAttribute("searched", hubId != null || senderMessageId != null || nhsNumber != null || from != null);
        model.addAttribute(
                "trace",
                found.size() == 1 ? trace.of(found.get(0).hubMessageId()).orElse(null) : null);
        model.addAttribute(
                "asked",
                new java.util.LinkedHashMap<>(java.util.Map.of(
                        "hubId", hubId == null ? "" : hubId,
                        "senderAgency", senderAgency == null ? "" : senderAgency,
                        "senderMessageId", senderMessageId == null ? "" : senderMessageId,
                        "nhsNumber", nhsNumber == null ? "" : nhsNumber,
                        "from", from == null ? "" : from,
                        "to", to == null ? "" : to,
                        "event", event == null ? "" : event)));
        model.addAttribute(
                "agencies",
                agencyRegister.all().stream()
                        .sorted(java.util.Comparator.comparing(uk.safeguarding.hub.register.Agency::name))
                        .toList());
        model.addAttribute("events", uk.safeguarding.hub.message.Event.values());
        AgencyChoices.into(model, agencyRegister);
        return "console/trace";
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static Instant instant(String s, String name, java.util.List<String> problems) {
        if (s == null) {
            return null;
        }
        try {
            return s.length() == 16
                    ? java.time.LocalDateTime.parse(s)
                            .atZone(java.time.ZoneId.of("Europe/London"))
                            .toInstant()
                    : Instant.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            problems.add("'" + name + "' is not a date and time");
            return null;
        }
    }

    /** The running rules as people read them: per event, who may receive it, on which bases, with what removed. */
    @GetMapping("/console/rules")
    String rules(Model model) {
        RuleSet rules = policy.rules();
        model.addAttribute("rules", rules);
        model.addAttribute(
                "events",
                new java.util.TreeMap<>(rules.events().entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(
                                e -> e.getKey().code(), java.util.Map.Entry::getValue))));
        return "console/rules";
    }

    /**
     * The chain's verification, and a search of the entries (subject, event, agency, type, time), a page at a time;
     * {@code /console/audit.csv} gives the same page as CSV. A search by subject is a read of personal data: audited
     * with the subject, as every console request is.
     */
    /** The audit page's filter, bound from the query (the same names as {@code GET /api/audit}). */
    record AuditFilter(String subject, String event, String agency, String type, String from, String to) {
        AuditSearch.Query query(Long before, int limit) {
            return new AuditSearch.Query(subject, event, agency, type, instant(from), instant(to), before, limit);
        }

        /** A date and time as the form's picker gives it ("2026-12-07T09:45", UK time), as an instant. */
        private static String instant(String local) {
            if (local == null || local.isBlank() || local.strip().length() != 16) {
                return local;
            }
            try {
                return java.time.LocalDateTime.parse(local.strip())
                        .atZone(java.time.ZoneId.of("Europe/London"))
                        .toInstant()
                        .toString();
            } catch (java.time.format.DateTimeParseException notLocal) {
                return local;
            }
        }

        /** The filter as the page shows it again: "" for each field not given. */
        Map<String, String> shown() {
            Map<String, String> shown = new java.util.LinkedHashMap<>();
            shown.put("subject", subject == null ? "" : subject);
            shown.put("event", event == null ? "" : event);
            shown.put("agency", agency == null ? "" : agency);
            shown.put("type", type == null ? "" : type);
            shown.put("from", from == null ? "" : from);
            shown.put("to", to == null ? "" : to);
            return shown;
        }

        /** A search by subject is a read of that person's data: the access entry names them. */
        void nameTheSubject(jakarta.servlet.http.HttpServletRequest request) {
            if (subject != null && !subject.isBlank()) {
                request.setAttribute(uk.safeguarding.hub.audit.Access.SUBJECT, subject.strip());
            }
        }
    }

    @org.springframework.web.bind.annotation.RequestMapping(
            value = "/console/audit",
            method = {
                org.springframework.web.bind.annotation.RequestMethod.GET,
                org.springframework.web.bind.annotation.RequestMethod.POST
            })
    String audit(
            AuditFilter filter,
            @org.springframework.web.bind.annotation.RequestParam(required = false) Long before,
            jakarta.servlet.http.HttpServletRequest request,
            Model model) {
        model.addAttribute("verification", verifier.verify());
        model.addAttribute("at", Instant.now(clock));
        model.addAttribute("types", uk.safeguarding.hub.audit.AuditType.values());
        model.addAttribute("asked", filter.shown());
        model.addAttribute("events", uk.safeguarding.hub.message.Event.values());
        AgencyChoices.into(model, agencyRegister);
        AuditSearch.Query query = filter.query(before, 50);
        java.util.List<String> problems = query.problems();
        boolean searched = query.any() || before != null;
        model.addAttribute("problems", problems);
        model.addAttribute("searched", searched);
        if (problems.isEmpty() && searched) {
            filter.nameTheSubject(request);
            model.addAttribute("page", auditSearch.find(query));
        }
        return "console/audit";
    }

    @org.springframework.web.bind.annotation.RequestMapping(
            value = "/console/audit.csv",
            method = {
                org.springframework.web.bind.annotation.RequestMethod.GET,
                org.springframework.web.bind.annotation.RequestMethod.POST
            },
            produces = "text/csv")
    org.springframework.http.ResponseEntity<String> auditCsv(
            AuditFilter filter, jakarta.servlet.http.HttpServletRequest request) {
        AuditSearch.Query query = filter.query(null, AuditSearch.MOST_PER_PAGE);
        java.util.List<String> problems = query.problems();
        if (!problems.isEmpty()) {
            return org.springframework.http.ResponseEntity.badRequest()
                    .contentType(org.springframework.http.MediaType.TEXT_PLAIN)
                    .body(String.join("\n", problems));
        }
        filter.nameTheSubject(request);
        return org.springframework.http.ResponseEntity.ok()
                .contentType(org.springframework.http.MediaType.parseMediaType("text/csv;charset=UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"audit.csv\"")
                .body(AuditSearch.csv(auditSearch.find(query).rows()));
    }
}
