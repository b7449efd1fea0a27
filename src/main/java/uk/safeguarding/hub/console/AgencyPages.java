package uk.safeguarding.hub.console;

import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import uk.safeguarding.hub.governance.Proposals;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.register.Agency;
import uk.safeguarding.hub.register.AgencyRegister;
import uk.safeguarding.hub.register.AgencyStore;
import uk.safeguarding.hub.register.AgencyTrust;
import uk.safeguarding.hub.register.AgencyViews;

/**
 * The agency register in the browser, on the same services as {@code /api/agencies}: the agencies with their
 * certificates and agreements; add or change one, or upload a new certificate, as a proposal with a reason; a
 * second officer reads the proposal (its difference from the register in force) and approves or rejects it;
 * revoke a certificate at once; the history with the difference between any two versions. Reading is for
 * IG_OFFICER and AUDITOR; every change is IG_OFFICER's (SecurityConfig).
 */
@Controller
@RequestMapping("/console/agencies")
class AgencyPages extends GovernedPages {

    /** The form's fields: the register file's keys, flattened (one contact is edited; the others are kept). */
    record AgencyForm(
            String id,
            String name,
            String role,
            Boolean frontDoor,
            Boolean active,
            String format,
            String meshMailbox,
            Boolean meshCollects,
            String odsCode,
            String contactName,
            String contactEmail,
            String contactPhone,
            String agreement,
            String agreementReview,
            String certificate,
            String reason) {

        static AgencyForm of(Agency a) {
            Agency.Contact c = a.details().contacts().isEmpty()
                    ? new Agency.Contact("", "", "")
                    : a.details().contacts().get(0);
            return new AgencyForm(
                    a.id(),
                    a.name(),
                    a.role().name(),
                    a.frontDoor(),
                    a.active(),
                    a.format(),
                    blank(a.meshMailbox()),
                    a.collectsThroughMesh(),
                    blank(a.details().odsCode()),
                    blank(c.name()),
                    blank(c.email()),
                    blank(c.phone()),
                    blank(a.details().agreement()),
                    a.details().agreementReview() == null
                            ? ""
                            : a.details().agreementReview().toString(),
                    "",
                    "");
        }

        static AgencyForm empty() {
            return new AgencyForm("", "", "GP", false, true, Agency.FHIR, "", false, "", "", "", "", "", "", "", "");
        }

        /** The entry change the form asks for; the certificate only for a new agency. */
        Map<String, Object> entry(Agency current) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", text(name) == null ? id : name.strip());
            e.put("role", role);
            e.put("frontDoor", Boolean.TRUE.equals(frontDoor));
            e.put("active", Boolean.TRUE.equals(active));
            e.put("format", Agency.HL7V2.equals(format) ? Agency.HL7V2 : null);
            if (text(meshMailbox) != null) {
                Map<String, Object> mesh = new LinkedHashMap<>();
                mesh.put("mailbox", meshMailbox.strip().toUpperCase(java.util.Locale.ROOT));
                mesh.put("collect", Boolean.TRUE.equals(meshCollects));
                e.put("mesh", mesh);
            } else {
                e.put("mesh", null);
            }
            e.put("odsCode", text(odsCode));
            List<Map<String, Object>> contacts = new ArrayList<>();
            if (text(contactName) != null) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("name", contactName.strip());
                if (text(contactEmail) != null) {
                    c.put("email", contactEmail.strip());
                }
                if (text(contactPhone) != null) {
                    c.put("phone", contactPhone.strip());
                }
                contacts.add(c);
            }
            if (current != null) {
                current.details().contacts().stream().skip(1).forEach(c -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", c.name());
                    if (c.email() != null) {
                        m.put("email", c.email());
                    }
                    if (c.phone() != null) {
                        m.put("phone", c.phone());
                    }
                    contacts.add(m);
                });
            }
            e.put("contacts", contacts.isEmpty() ? null : contacts);
            if (text(agreement) != null || text(agreementReview) != null) {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("reference", text(agreement));
                a.put("reviewDate", text(agreementReview));
                e.put("sharingAgreement", a);
            } else {
                e.put("sharingAgreement", null);
            }
            if (current == null) {
                e.put(
                        "certificates",
                        List.of(Map.of("certificate", certificate == null ? "" : certificate.strip() + "\n")));
            }
            return e;
        }

        private static String text(String s) {
            return s == null || s.isBlank() ? null : s.strip();
        }

        private static String blank(String s) {
            return s == null ? "" : s;
        }
    }

    private final AgencyStore store;
    private final AgencyRegister register;
    private final AgencyTrust trust;
    private final Proposals proposals;

    AgencyPages(
            AgencyStore store,
            AgencyRegister register,
            AgencyTrust trust,
            @Qualifier("agencyProposals") Proposals proposals) {
        super(Kind.AGENCIES, store, proposals);
        this.store = store;
        this.register = register;
        this.trust = trust;
        this.proposals = proposals;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("agencies", AgencyViews.of(register.all(), store, trust));
        model.addAttribute("version", register.version());
        model.addAttribute("proposals", proposals.recent(10));
        return "console/agencies";
    }

    @GetMapping("/new")
    String add(Model model) {
        return agencyPage(model, null, AgencyForm.empty(), List.of());
    }

    @GetMapping("/{id:[a-z0-9][a-z0-9-]{1,62}}")
    String one(@PathVariable String id, Model model) {
        Agency agency = register.find(id).orElseThrow(GovernedPages::notFound);
        return agencyPage(model, agency, AgencyForm.of(agency), List.of());
    }

    /** Adds (no such agency yet) or changes one, as a proposal. */
    @PostMapping
    String propose(AgencyForm form, Principal who, Model model) {
        Agency current =
                register.find(form.id() == null ? "" : form.id().strip()).orElse(null);
        List<String> problems = new ArrayList<>();
        String id = form.id() == null ? "" : form.id().strip();
        if (!id.matches("[a-z0-9][a-z0-9-]{1,62}")) {
            problems.add("the agency id is 2 to 63 small letters, digits and '-'");
        }
        if (form.reason() == null || form.reason().isBlank()) {
            problems.add("say why: a reason is required");
        }
        if (current == null && (form.certificate() == null || form.certificate().isBlank())) {
            problems.add("a new agency needs its certificate (PEM)");
        }
        if (problems.isEmpty()) {
            Proposals.Answer answer = proposals.propose(
                    store.withEntry(id, form.entry(current)),
                    who.getName(),
                    form.reason().strip());
            if (answer.done()) {
                return "redirect:/console/agencies/proposals/"
                        + answer.proposal().id();
            }
            problems.addAll(answer.problems());
        }
        return agencyPage(model, current, form, problems);
    }

    @PostMapping("/{id}/certificates")
    String newCertificate(
            @PathVariable String id,
            @RequestParam(defaultValue = "") String pem,
            @RequestParam(defaultValue = "") String oldUntil,
            @RequestParam(defaultValue = "") String reason,
            Principal who,
            Model model) {
        Agency agency = register.find(id).orElseThrow(GovernedPages::notFound);
        List<String> problems = new ArrayList<>();
        if (reason.isBlank()) {
            problems.add("say why: a reason is required");
        }
        if (pem.isBlank()) {
            problems.add("paste the new certificate (PEM)");
        }
        if (problems.isEmpty()) {
            Proposals.Answer answer = proposals.propose(
                    store.withNewCertificate(id, pem.replace("\r\n", "\n"), oldUntil), who.getName(), reason.strip());
            if (answer.done()) {
                return "redirect:/console/agencies/proposals/"
                        + answer.proposal().id();
            }
            problems.addAll(answer.problems());
        }
        model.addAttribute("certificateProblems", problems);
        model.addAttribute("pem", pem);
        return agencyPage(model, agency, AgencyForm.of(agency), List.of());
    }

    @PostMapping("/{id}/certificates/{fingerprint}/revoke")
    String revoke(
            @PathVariable String id,
            @PathVariable String fingerprint,
            @RequestParam(defaultValue = "") String reason,
            Principal who,
            RedirectAttributes flash) {
        if (reason.isBlank()) {
            flash.addFlashAttribute("refused", "Say why you revoke it.");
        } else if (store.revoke(id, fingerprint, who.getName(), reason.strip()).isEmpty()) {
            throw GovernedPages.notFound();
        } else {
            flash.addFlashAttribute("done", "The certificate is revoked: it is refused everywhere from now.");
        }
        return "redirect:/console/agencies/" + id;
    }

    @GetMapping("/proposals/{id}")
    String proposal(@PathVariable String id, Model model) {
        return proposalPage(
                id, register.version(), store.yaml(register.version()).orElse(""), model);
    }

    private String agencyPage(Model model, Agency agency, AgencyForm form, List<String> problems) {
        model.addAttribute(
                "agency",
                agency == null
                        ? null
                        : AgencyViews.of(List.of(agency), store, trust).get(0));
        model.addAttribute("form", form);
        model.addAttribute("roles", AgencyRole.values());
        model.addAttribute("problems", problems);
        model.addAttribute("isNew", agency == null);
        return "console/agency";
    }
}
