package uk.safeguarding.hub.console;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import uk.safeguarding.hub.explain.DryRun;
import uk.safeguarding.hub.governance.Outcome;
import uk.safeguarding.hub.governance.Proposals;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.Event;
import uk.safeguarding.hub.policy.Basis;
import uk.safeguarding.hub.policy.PolicyEngine;
import uk.safeguarding.hub.policy.RuleChanges;
import uk.safeguarding.hub.policy.RuleFileException;
import uk.safeguarding.hub.policy.RuleFileLoader;
import uk.safeguarding.hub.policy.RuleFileWriter;
import uk.safeguarding.hub.policy.RuleSet;
import uk.safeguarding.hub.policy.RuleStore;

/**
 * Changing the sharing rules with forms. The change in progress (the draft) is the rule file itself, carried in
 * each form, so nothing is kept on the server until it is proposed and any number of events and profiles can be
 * changed in one proposal. The overview says what the draft changes in sentences; an event's form has every rule
 * with its recipients, reach, bases (add, remove, move up), profile and notes; a profile's form what it keeps and
 * removes. A problem is shown beside the field it concerns. The hub gives the draft its version; the YAML stays the
 * file format, for download and as an advanced view. Check, dry run and propose work as on the YAML page.
 */
@Controller
@RequestMapping("/console/rules/change")
class RuleForms {

    private final RuleStore store;
    private final Proposals proposals;
    private final PolicyEngine engine;
    private final DryRun dryRun;

    RuleForms(RuleStore store, @Qualifier("ruleProposals") Proposals proposals, PolicyEngine engine, DryRun dryRun) {
        this.store = store;
        this.proposals = proposals;
        this.engine = engine;
        this.dryRun = dryRun;
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

    @InitBinder({"form", "profileForm"})
    void fields(WebDataBinder binder) {
        binder.initDirectFieldAccess();
        binder.setAutoGrowCollectionLimit(100);
    }

    /** The overview of a new draft: the running rules, or an earlier proposal's. */
    @GetMapping
    String start(@RequestParam(required = false) String from, Model model) {
        Object fromText = model.getAttribute("fromText");
        RuleSet draft = fromText != null
                ? RuleFileLoader.parse(fromText.toString(), "text")
                : from == null
                        ? engine.rules()
                        : RuleFileLoader.parse(
                                proposals.yaml(from).orElseThrow(GovernedPages::notFound), "proposal " + from);
        return overview(model, draft, List.of(), "", 7, null);
    }

    /** The overview's buttons: check, dry run, propose. */
    @PostMapping
    String overviewAction(
            @RequestParam String draft,
            @RequestParam(defaultValue = "check") String action,
            @RequestParam(defaultValue = "") String reason,
            @RequestParam(defaultValue = "7") int days,
            Principal who,
            Model model) {
        String yaml = versioned(draft);
        Outcome check = store.validate(yaml);
        List<String> problems = new ArrayList<>(check.problems());
        RuleSet rules = problems.isEmpty() ? RuleFileLoader.parse(yaml, "draft") : lenient(draft);
        DryRun.Report report = null;
        if (action.equals("propose") && problems.isEmpty()) {
            if (RuleChanges.between(engine.rules(), rules).isEmpty()) {
                problems.add("The draft changes nothing in the running rules.");
            } else {
                String proposed = RulePages.propose(proposals, yaml, who, reason, problems);
                if (proposed != null) {
                    return proposed;
                }
            }
        } else if (action.equals("dry-run") && problems.isEmpty()) {
            if (days < 1 || days > dryRun.daysKept()) {
                problems.add("The dry run covers 1 to " + dryRun.daysKept() + " days.");
            } else {
                report = dryRun.run(rules, days);
            }
        }
        model.addAttribute("checked", action.equals("check") && problems.isEmpty());
        return overview(model, rules, problems, reason, days, report);
    }

    /** One event's form: open it, change its structure (add, remove, move), save it into the draft, or cancel. */
    @PostMapping("/event")
    String event(
            @RequestParam String draft,
            @RequestParam(defaultValue = "open") String action,
            @ModelAttribute("form") RuleDraft.EventForm form,
            Model model) {
        RuleSet rules = lenient(draft);
        Event event = Event.fromCode(form.event).orElseThrow(GovernedPages::notFound);
        String[] parts = action.split(":");
        int rule = parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
        int basis = parts.length > 2 ? Integer.parseInt(parts[2]) : -1;
        switch (parts[0]) {
            case "open" -> form = RuleDraft.form(event, rules.events().get(event));
            case "cancel" -> {
                return overview(model, rules, List.of(), "", 7, null);
            }
            case "add-rule" -> {
                RuleDraft.RuleForm added = new RuleDraft.RuleForm();
                added.id = RuleDraft.newRuleId(form);
                added.profile =
                        rules.profiles().keySet().stream().sorted().findFirst().orElse(null);
                added.bases.add(new RuleDraft.BasisForm());
                form.rules.add(added);
            }
            case "refresh" -> {
                // Enter pressed in a text field: show the form as it stands.
            }
            case "remove-rule" -> form.rules.remove(rule);
            case "add-basis" -> form.rules.get(rule).bases.add(new RuleDraft.BasisForm());
            case "remove-basis" -> form.rules.get(rule).bases.remove(basis);
            case "up-basis" -> {
                if (basis > 0) {
                    Collections.swap(form.rules.get(rule).bases, basis, basis - 1);
                }
            }
            case "save" -> {
                RuleSet changed = RuleDraft.with(rules, form, store.nextVersion());
                String yaml = RuleFileWriter.write(changed);
                try {
                    return overview(model, RuleFileLoader.parse(yaml, "draft"), List.of(), "", 7, null);
                } catch (RuleFileException e) {
                    model.addAttribute("errors", fieldProblems(e, "events/" + event.code() + "/"));
                }
            }
            default -> throw GovernedPages.notFound();
        }
        return eventPage(model, rules, form);
    }

    /** One profile's form: open an existing one or a new one, save it into the draft, or cancel. */
    @PostMapping("/profile")
    String profile(
            @RequestParam String draft,
            @RequestParam(defaultValue = "open") String action,
            @RequestParam(required = false) String open,
            @ModelAttribute("profileForm") RuleDraft.ProfileForm form,
            Model model) {
        RuleSet rules = lenient(draft);
        switch (action) {
            case "open" ->
                form = RuleDraft.form(open == null ? null : rules.profiles().get(open));
            case "new" -> form = RuleDraft.form(null);
            case "refresh" -> {
                // Enter pressed in a text field: show the form as it stands.
            }
            case "cancel" -> {
                return overview(model, rules, List.of(), "", 7, null);
            }
            case "save" -> {
                String name = form.name == null ? "" : form.name.strip();
                if (!name.matches("[a-z0-9][a-z0-9-]{0,59}")) {
                    model.addAttribute(
                            "errors",
                            Map.of(
                                    "name",
                                    List.of("Name it in small letters, digits and dashes, as"
                                            + " 'screening-summary'.")));
                    break;
                }
                if (!name.equals(form.was) && rules.profiles().containsKey(name)) {
                    model.addAttribute(
                            "errors", Map.of("name", List.of("There is already a profile called '" + name + "'.")));
                    break;
                }
                String yaml = RuleFileWriter.write(RuleDraft.with(rules, form, store.nextVersion()));
                try {
                    return overview(model, RuleFileLoader.parse(yaml, "draft"), List.of(), "", 7, null);
                } catch (RuleFileException e) {
                    model.addAttribute("errors", fieldProblems(e, "profiles/" + name + "/"));
                }
            }
            default -> throw GovernedPages.notFound();
        }
        model.addAttribute("draft", RuleFileWriter.write(rules));
        model.addAttribute("profileForm", form);
        model.addAttribute("resources", RuleDraft.RESOURCES);
        List<String> removable = new ArrayList<>(RuleDraft.REMOVABLE);
        form.remove.stream().filter(r -> !removable.contains(r)).forEach(removable::add);
        model.addAttribute("removable", removable);
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return "console/rules-profile-form";
    }

    /** The draft as the rule file, to keep or to edit elsewhere. */
    @PostMapping("/download")
    ResponseEntity<byte[]> download(@RequestParam String draft) {
        return ResponseEntity.ok()
                .contentType(new MediaType("application", "yaml", StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("sharing-rules-draft.yaml")
                                .build()
                                .toString())
                .body(versioned(draft).getBytes(StandardCharsets.UTF_8));
    }

    private String eventPage(Model model, RuleSet rules, RuleDraft.EventForm form) {
        model.addAttribute("draft", RuleFileWriter.write(rules));
        model.addAttribute("form", form);
        model.addAttribute("eventCode", form.event);
        model.addAttribute("title", "Who receives " + uk.safeguarding.hub.message.Words.EN.events(form.event));
        model.addAttribute("roles", AgencyRole.values());
        model.addAttribute("bases", Basis.values());
        model.addAttribute("reaches", RuleSet.Reach.values());
        model.addAttribute("assertions", RuleDraft.ASSERTIONS);
        model.addAttribute("levels", RuleDraft.LEVELS);
        model.addAttribute("purposes", RuleDraft.PURPOSES);
        model.addAttribute(
                "profiles",
                rules.profiles().values().stream()
                        .sorted(java.util.Comparator.comparing(RuleSet.Profile::name))
                        .toList());
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return "console/rules-event-form";
    }

    private String overview(
            Model model, RuleSet draft, List<String> problems, String reason, int days, DryRun.Report report) {
        RuleSet versioned = new RuleSet(store.nextVersion(), draft.events(), draft.profiles());
        Map<String, List<String>> changes = new LinkedHashMap<>();
        RuleChanges.between(engine.rules(), versioned)
                .forEach(c -> changes.computeIfAbsent(c.heading(), h -> new ArrayList<>())
                        .add(c.sentence()));
        model.addAttribute("draft", RuleFileWriter.write(versioned));
        model.addAttribute("rules", versioned);
        model.addAttribute(
                "events",
                java.util.Arrays.stream(Event.values())
                        .filter(e -> versioned.events().containsKey(e))
                        .toList());
        model.addAttribute(
                "profiles",
                versioned.profiles().values().stream()
                        .sorted(java.util.Comparator.comparing(RuleSet.Profile::name))
                        .toList());
        model.addAttribute("changes", changes);
        model.addAttribute("problems", problems);
        model.addAttribute("reason", reason);
        model.addAttribute("days", days);
        model.addAttribute("daysKept", dryRun.daysKept());
        model.addAttribute("report", report);
        model.addAttribute("running", engine.rules().version());
        model.addAttribute("next", store.nextVersion());
        if (!model.containsAttribute("checked")) {
            model.addAttribute("checked", false);
        }
        return "console/rules-draft";
    }

    /** The draft as rules; a draft that no longer reads (edited by hand) starts again from the running rules. */
    private RuleSet lenient(String draft) {
        try {
            return RuleFileLoader.parse(draft, "draft");
        } catch (RuleFileException e) {
            return engine.rules();
        }
    }

    private String versioned(String draft) {
        return RuleStore.asVersion(draft.replace("\r\n", "\n"), store.nextVersion());
    }

    /**
     * Each problem under the field it concerns, by where it is in the rules: "senders", "urgent", "guidance",
     * "rule-0", "rule-0-recipients", "rule-0-reach", "rule-0-profile", "rule-0-basis-1", "name", "resources",
     * "remove"; a problem elsewhere in the draft under "form".
     */
    static Map<String, List<String>> fieldProblems(RuleFileException e, String prefix) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (RuleFileException.Located p : e.located()) {
            String field = "form";
            if (p.path().startsWith(prefix) || (p.path() + "/").equals(prefix)) {
                String[] at = (p.path() + "/").substring(prefix.length()).split("/");
                if (at.length == 0 || at[0].isEmpty()) {
                    field = "form";
                } else if (at[0].equals("rules") && at.length > 1) {
                    field = "rule-" + at[1];
                    if (at.length > 3 && at[2].equals("bases")) {
                        field += "-basis-" + at[3];
                    } else if (at.length > 2) {
                        field += "-" + at[2];
                    }
                } else if (at[0].equals("urgentWhen")) {
                    field = "urgent";
                } else {
                    field = at[0];
                }
            }
            errors.computeIfAbsent(field, f -> new ArrayList<>()).add(p.text());
        }
        if (errors.isEmpty()) {
            errors.put("form", e.problems());
        }
        return errors;
    }
}
