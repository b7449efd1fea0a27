package uk.safeguarding.hub.console;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import uk.safeguarding.hub.explain.WhatIf;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.Event;
import uk.safeguarding.hub.register.Agency;
import uk.safeguarding.hub.register.AgencyRegister;

/**
 * "What if": an officer describes a family's situation with choices, and reads what the running rules would decide
 * for every agency, and why, in words. Nobody real is involved: nothing is read, stored or sent.
 */
@Controller
@RequestMapping("/console/rules/what-if")
class WhatIfPages {

    /** The question, as its fields. */
    public static class Question {
        public String event = Event.TREATMENT_DROPOUT.code();
        public String sender;
        public List<String> consentRoles = new ArrayList<>();
        public List<String> consentPurposes = new ArrayList<>();
        public boolean section47;
        public boolean plan;
        public boolean pregnancy;
        public Integer childAge = 4;
        public List<String> assertions = new ArrayList<>();
        public Integer referralLevel;
        public String referralTo = AgencyRole.CHILDRENS_SOCIAL_CARE.name();
        public List<String> involved = new ArrayList<>();
        public String answering = "";
    }

    private final WhatIf whatIf;
    private final AgencyRegister agencies;

    WhatIfPages(WhatIf whatIf, AgencyRegister agencies) {
        this.whatIf = whatIf;
        this.agencies = agencies;
    }

    /**
     * A form's values are choices the page offered; anything else (a role, basis or reach the hub does not know, a
     * rule or basis that is not there) was not sent by the page, and is answered 400, not 500.
     */
    @org.springframework.web.bind.annotation.ExceptionHandler({
        IllegalArgumentException.class,
        IndexOutOfBoundsException.class
    })
    org.springframework.http.ResponseEntity<String> notAChoice() {
        return org.springframework.http.ResponseEntity.badRequest()
                .contentType(org.springframework.http.MediaType.TEXT_PLAIN)
                .body("The form sent a value the page did not offer.");
    }

    @InitBinder("question")
    void fields(WebDataBinder binder) {
        binder.initDirectFieldAccess();
    }

    @GetMapping
    String form(Model model) {
        Question q = new Question();
        List<Agency> all = sorted();
        q.sender = all.stream()
                .filter(a -> a.role() == AgencyRole.DRUG_TREATMENT)
                .map(Agency::id)
                .findFirst()
                .orElse(all.isEmpty() ? null : all.get(0).id());
        all.forEach(a -> q.involved.add(a.id()));
        return page(model, q, null);
    }

    @PostMapping
    String ask(@ModelAttribute("question") Question q, Model model) {
        Event event = Event.fromCode(q.event).orElseThrow(GovernedPages::notFound);
        Set<AgencyRole> consentRoles = EnumSet.noneOf(AgencyRole.class);
        q.consentRoles.forEach(r -> consentRoles.add(AgencyRole.valueOf(r)));
        WhatIf.Answer answer = whatIf.ask(new WhatIf.Situation(
                event,
                q.sender,
                consentRoles,
                new LinkedHashSet<>(q.consentPurposes),
                q.section47,
                q.plan,
                q.pregnancy,
                q.childAge == null || q.childAge < 0 || q.childAge > 17 ? null : q.childAge,
                new LinkedHashSet<>(q.assertions),
                q.referralLevel,
                q.referralTo == null || q.referralTo.isBlank() ? null : AgencyRole.valueOf(q.referralTo),
                new LinkedHashSet<>(q.involved),
                q.answering));
        return page(model, q, answer);
    }

    private String page(Model model, Question q, WhatIf.Answer answer) {
        model.addAttribute("question", q);
        model.addAttribute("answer", answer);
        model.addAttribute(
                "events",
                List.of(Event.values()).stream()
                        .filter(e -> e != Event.CONSENT_UPDATE && e != Event.S47_ENQUIRY)
                        .toList());
        model.addAttribute("agencies", sorted());
        model.addAttribute("agencyNames", AgencyChoices.names(agencies));
        model.addAttribute("roles", AgencyRole.values());
        model.addAttribute("purposes", RuleDraft.PURPOSES.subList(0, 3));
        model.addAttribute("assertions", RuleDraft.ASSERTIONS);
        model.addAttribute("rules", answer == null ? null : answer.rules());
        return "console/rules-what-if";
    }

    private List<Agency> sorted() {
        return agencies.all().stream()
                .sorted(Comparator.comparing((Agency a) -> a.role().ordinal()).thenComparing(Agency::name))
                .toList();
    }
}
