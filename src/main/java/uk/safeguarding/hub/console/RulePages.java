package uk.safeguarding.hub.console;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import uk.safeguarding.hub.explain.DryRun;
import uk.safeguarding.hub.governance.Outcome;
import uk.safeguarding.hub.governance.Proposals;
import uk.safeguarding.hub.policy.PolicyEngine;
import uk.safeguarding.hub.policy.RuleChanges;
import uk.safeguarding.hub.policy.RuleFileException;
import uk.safeguarding.hub.policy.RuleFileLoader;
import uk.safeguarding.hub.policy.RuleSet;
import uk.safeguarding.hub.policy.RuleStore;

/**
 * Changing the sharing rules in the browser, on the same services as {@code /api/rules}: edit the file and check it
 * (each problem shown against its line), dry-run it over recent traffic, propose it with a reason; a second officer
 * reads the proposal (its difference from the running rules and its dry run) and approves or rejects it; the
 * history shows the difference between any two versions, and rolls back by proposing an old one again. Reading is
 * for IG_OFFICER and AUDITOR; every change is IG_OFFICER's (SecurityConfig).
 */
@Controller
@RequestMapping("/console/rules")
class RulePages extends GovernedPages {

    private static final Pattern LINE = Pattern.compile("^line (\\d+): ");

    /** A problem against its line (null: the file as a whole). */
    record Problem(Integer line, String text) {}

    /** A line of the proposed file shown around a problem. */
    record Excerpt(int line, String text, boolean problem) {}

    private final RuleStore store;
    private final Proposals proposals;
    private final PolicyEngine engine;
    private final DryRun dryRun;
    private final uk.safeguarding.hub.explain.Explanations explanations;
    private final uk.safeguarding.hub.register.AgencyRegister agencies;

    RulePages(
            RuleStore store,
            @org.springframework.beans.factory.annotation.Qualifier("ruleProposals") Proposals proposals,
            PolicyEngine engine,
            DryRun dryRun,
            uk.safeguarding.hub.explain.Explanations explanations,
            uk.safeguarding.hub.register.AgencyRegister agencies) {
        super(Kind.RULES, store, proposals);
        this.agencies = agencies;
        this.explanations = explanations;
        this.store = store;
        this.proposals = proposals;
        this.engine = engine;
        this.dryRun = dryRun;
    }

    /** The advanced view: the rule file as text, the running rules' (or a draft's from the forms). */
    @GetMapping("/change/yaml")
    String changeAsText(Model model) {
        return changePage(model, nextVersionOf(engine.rules().source()), "", 7, null, null);
    }

    /**
     * One form, four buttons: check, dry run, propose, and back to the forms (when the text reads as rules).
     * Nothing changes unless it is proposed and valid. A draft from the forms arrives as {@code draft}.
     */
    @PostMapping("/change/yaml")
    String change(
            @RequestParam(required = false) String yaml,
            @RequestParam(required = false) String draft,
            @RequestParam(defaultValue = "") String reason,
            @RequestParam(defaultValue = "7") int days,
            @RequestParam(defaultValue = "show") String action,
            Principal who,
            Model model,
            RedirectAttributes flash) {
        yaml = (yaml != null ? yaml : draft == null ? engine.rules().source() : draft).replace("\r\n", "\n");
        if (action.equals("show")) {
            return changePage(model, nextVersionOf(yaml), reason, days, null, null);
        }
        Outcome check = store.validate(yaml);
        List<String> problems = new ArrayList<>(check.problems());
        DryRun.Report report = null;
        if (action.equals("forms") && problems.isEmpty()) {
            flash.addFlashAttribute("fromText", yaml);
            return "redirect:/console/rules/change";
        }
        if (action.equals("propose") && problems.isEmpty()) {
            String proposed = propose(proposals, yaml, who, reason, problems);
            if (proposed != null) {
                return proposed;
            }
        } else if (action.equals("dry-run") && problems.isEmpty()) {
            report = dryRun(yaml, days, problems);
        }
        return changePage(model, yaml, reason, days, problems, report);
    }

    private String changePage(
            Model model, String yaml, String reason, int days, List<String> problems, DryRun.Report report) {
        List<Problem> listed = problems == null
                ? List.of()
                : problems.stream().map(RulePages::problem).toList();
        model.addAttribute("yaml", yaml);
        model.addAttribute("reason", reason);
        model.addAttribute("days", days);
        model.addAttribute("daysKept", dryRun.daysKept());
        model.addAttribute("checked", problems != null);
        model.addAttribute("problems", listed);
        model.addAttribute("excerpts", excerpts(yaml, listed));
        model.addAttribute("report", report);
        model.addAttribute("running", engine.rules().version());
        model.addAttribute("next", store.nextVersion());
        return "console/rules-change";
    }

    /**
     * The explain bench: a message the hub holds (found by the person and the day, by its sender and their own
     * reference, or by the hub's id), or one pasted, decided now by the running rules, every agency with its
     * decision and reasons in words; nothing stored or sent. A read of personal data: audited with the subject. The
     * NHS number travels in a POST body, never in a URL.
     */
    @GetMapping("/explain")
    String explainHeld(
            @RequestParam(required = false) String hubId,
            jakarta.servlet.http.HttpServletRequest request,
            Model model) {
        explainPage(model);
        if (hubId != null && !hubId.isBlank()) {
            explainHeldMessage(hubId.strip(), request, model);
        }
        return "console/rules-explain";
    }

    @PostMapping("/explain/find")
    String explainFound(
            @RequestParam(required = false) String nhs,
            @RequestParam(required = false) java.time.LocalDate day,
            @RequestParam(required = false) String sender,
            @RequestParam(required = false) String senderId,
            @RequestParam(required = false) String hubId,
            jakarta.servlet.http.HttpServletRequest request,
            Model model) {
        explainPage(model);
        if (hubId != null && !hubId.isBlank()) {
            explainHeldMessage(hubId.strip(), request, model);
        } else if (nhs != null) {
            String number = nhs.replaceAll("\\s", "");
            model.addAttribute("nhs", number);
            model.addAttribute("day", day);
            if (!uk.safeguarding.hub.message.NhsNumber.isValid(number)) {
                model.addAttribute(
                        "problem", "That is not a valid NHS number: it has 10 digits, the last a check digit.");
            } else if (day == null) {
                model.addAttribute("problem", "Choose the day the message came.");
            } else {
                request.setAttribute(uk.safeguarding.hub.audit.Access.SUBJECT, number);
                model.addAttribute("found", explanations.about(number, day));
            }
        } else if (sender != null) {
            model.addAttribute("sender", sender);
            model.addAttribute("senderId", senderId);
            var found = explanations.hubIdOf(sender, senderId == null ? "" : senderId.strip());
            if (found.isEmpty()) {
                model.addAttribute("problem", "The hub holds no message with that reference from that agency.");
            } else {
                explainHeldMessage(found.get(), request, model);
            }
        }
        return "console/rules-explain";
    }

    private void explainHeldMessage(String hubId, jakarta.servlet.http.HttpServletRequest request, Model model) {
        try {
            var found = explanations.ofHeld(hubId);
            if (found.isEmpty()) {
                model.addAttribute(
                        "problem",
                        "The hub no longer holds the content of that message (it keeps messages for "
                                + dryRun.daysKept() + " days), or it never had it.");
            } else {
                request.setAttribute(
                        uk.safeguarding.hub.audit.Access.SUBJECT, found.get().subject());
                model.addAttribute("explanation", found.get());
            }
        } catch (uk.safeguarding.hub.message.MessageRefused refused) {
            model.addAttribute(
                    "problem", "Intake would refuse it now (" + refused.status() + "): " + refused.getMessage());
        }
    }

    private void explainPage(Model model) {
        model.addAttribute("message", "");
        model.addAttribute("rules", engine.rules());
        AgencyChoices.into(model, agencies);
    }

    @PostMapping("/explain")
    String explainSent(
            @RequestParam(defaultValue = "") String message,
            jakarta.servlet.http.HttpServletRequest request,
            Model model) {
        explainPage(model);
        model.addAttribute("message", message);
        try {
            var e = explanations.ofSent(message.getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
            request.setAttribute(uk.safeguarding.hub.audit.Access.SUBJECT, e.subject());
            model.addAttribute("explanation", e);
        } catch (uk.safeguarding.hub.message.MessageRefused refused) {
            model.addAttribute("problem", "Intake would refuse it (" + refused.status() + "): " + refused.getMessage());
        }
        return "console/rules-explain";
    }

    @GetMapping("/proposals")
    String proposals(Model model) {
        model.addAttribute("proposals", proposals.recent(20));
        model.addAttribute("fourEyes", proposals.fourEyes());
        return "console/rules-proposals";
    }

    @GetMapping("/proposals/{id}")
    String proposal(@PathVariable String id, @RequestParam(defaultValue = "7") int days, Model model) {
        Proposals.Proposal p = proposals.find(id).orElseThrow(GovernedPages::notFound);
        List<String> problems = new ArrayList<>();
        model.addAttribute(
                "report",
                p.state() == Proposals.State.OPEN ? dryRun(proposals.yaml(id).orElseThrow(), days, problems) : null);
        model.addAttribute("problems", problems);
        model.addAttribute("days", days);
        model.addAttribute("daysKept", dryRun.daysKept());
        RuleSet running = engine.rules();
        String page = proposalPage(id, running.version(), running.source(), model);
        java.util.Map<String, List<String>> sentences = new java.util.LinkedHashMap<>();
        try {
            RuleSet base = RuleFileLoader.parse((String) model.getAttribute("baseText"), "base");
            RuleSet proposed = RuleFileLoader.parse(proposals.yaml(id).orElseThrow(), "proposed");
            RuleChanges.between(base, proposed)
                    .forEach(c -> sentences
                            .computeIfAbsent(c.heading(), h -> new ArrayList<>())
                            .add(c.sentence()));
        } catch (RuleFileException unreadable) {
            // An old version the loader no longer reads: the line difference still shows it.
        }
        model.addAttribute("sentences", sentences);
        return page;
    }

    @PostMapping("/rollback")
    String rollBack(
            @RequestParam int to,
            @RequestParam(defaultValue = "") String reason,
            Principal who,
            RedirectAttributes flash) {
        if (reason.isBlank()) {
            flash.addFlashAttribute("refused", "Say why you roll back to version " + to + ".");
            return "redirect:/console/rules/history";
        }
        Proposals.Answer answer = proposals.rollBack(to, who.getName(), reason.strip());
        if (!answer.done()) {
            flash.addFlashAttribute("refused", String.join("; ", answer.problems()));
            return "redirect:/console/rules/history";
        }
        return "redirect:/console/rules/proposals/" + answer.proposal().id();
    }

    /**
     * Proposes valid rules with the officer's reason, for the forms and the text view alike: the redirect to the
     * proposal's page, or null with what stopped it added to {@code problems}.
     */
    static String propose(Proposals proposals, String yaml, Principal who, String reason, List<String> problems) {
        if (reason.isBlank()) {
            problems.add("Say why: a reason is required.");
            return null;
        }
        Proposals.Answer answer = proposals.propose(yaml, who.getName(), reason.strip());
        if (answer.done()) {
            return "redirect:/console/rules/proposals/" + answer.proposal().id();
        }
        problems.addAll(answer.problems());
        return null;
    }

    private DryRun.Report dryRun(String yaml, int days, List<String> problems) {
        if (days < 1 || days > dryRun.daysKept()) {
            problems.add("the dry run covers 1 to " + dryRun.daysKept() + " days");
            return null;
        }
        try {
            return dryRun.run(RuleFileLoader.parse(yaml, "proposed rules"), days);
        } catch (RuleFileException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    private String nextVersionOf(String yaml) {
        return RuleStore.asVersion(yaml, store.nextVersion());
    }

    private static Problem problem(String text) {
        Matcher m = LINE.matcher(text);
        return m.find() ? new Problem(Integer.valueOf(m.group(1)), text.substring(m.end())) : new Problem(null, text);
    }

    /** Two lines either side of each problem's line, numbered as in the file. */
    private static List<Excerpt> excerpts(String yaml, List<Problem> problems) {
        List<String> lines = yaml.lines().toList();
        Map<Integer, Boolean> shown = new TreeMap<>();
        for (Problem p : problems) {
            if (p.line() != null && p.line() >= 1 && p.line() <= lines.size()) {
                for (int n = Math.max(1, p.line() - 2); n <= Math.min(lines.size(), p.line() + 2); n++) {
                    shown.merge(n, n == p.line(), Boolean::logicalOr);
                }
            }
        }
        return shown.entrySet().stream()
                .map(e -> new Excerpt(e.getKey(), lines.get(e.getKey() - 1), e.getValue()))
                .toList();
    }
}
