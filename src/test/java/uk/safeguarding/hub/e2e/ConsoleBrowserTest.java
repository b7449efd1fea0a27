package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import tools.jackson.databind.JsonNode;

/**
 * The console in a real browser: Debian's headless Chromium through chromedriver, over the hub's real TLS port.
 * Per role, what the start page offers and what each page shows or refuses; the sign-in lockout; the session
 * cookie's flags; a state change without its CSRF token refused. Each test leaves a screenshot of where it ended
 * under {@code target/screenshots/}, and each page axe checks one of its own ({@code page-*.png}).
 */
class ConsoleBrowserTest extends HubTestBase {

    ConsoleBrowser console;
    WebDriver browser;

    @BeforeEach
    void openBrowser(@TempDir Path profile) {
        console = new ConsoleBrowser(profile, port);
        browser = console.driver;
    }

    @AfterEach
    void screenshotAndClose(TestInfo test) throws Exception {
        try {
            console.screenshot("console-" + test.getTestMethod().orElseThrow().getName());
        } finally {
            console.close();
        }
    }

    String url(String path) {
        return console.url(path);
    }

    void signIn(String name, String password) {
        console.signIn(name, password);
    }

    void assertAccessible(String page) throws Exception {
        console.assertAccessible(page);
    }

    boolean absent(By by) {
        return console.absent(by);
    }

    String text() {
        return console.text();
    }

    /**
     * Clicks what submits a form or follows a link, and waits for the next page: an element the old page has too
     * (a summary, a table) would otherwise be read from the old page, or go stale under the read.
     */
    void submit(By by) {
        org.openqa.selenium.WebElement page = browser.findElement(By.tagName("html"));
        browser.findElement(by).click();
        ConsoleBrowser.awaitLeft(browser, page);
    }

    /**
     * Waits for the element to show every part: after a click that submits a form, the old page's element may be
     * found first and go stale under the read.
     */
    void waitForText(By by, String... parts) {
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(30))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(d -> {
                    String shown = d.findElement(by).getText();
                    return java.util.Arrays.stream(parts).allMatch(shown::contains);
                });
    }

    @Test
    void anyoneSignedInReadsTheApiDescriptionAndDownloadsIt() throws Exception {
        signIn(People.AUDITOR, People.AUDITOR_PASSWORD);
        submit(By.id("nav-api"));
        assertThat(browser.getCurrentUrl()).endsWith("/console/api");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Safeguarding Hub API");
        assertThat(browser.findElements(By.cssSelector("tr.api-call"))).hasSizeGreaterThan(40);
        String agencyCalls =
                browser.findElement(By.cssSelector("#tag-agency + table")).getText();
        assertThat(agencyCalls)
                .contains("POST /fhir/$process-message", "an agency (client certificate)", "GET /fhir/metadata");
        assertThat(text()).contains("GET /api/queues", "a person signed in", "403 the proposal is the caller's own");
        assertAccessible("api");
        // The download (a file to save, so fetched here in the page's session) is the document agencies read.
        String href = browser.findElement(By.id("api-download")).getAttribute("href");
        Object document = ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + " fetch(arguments[0]).then(r => r.text()).then(done, e => done('failed: ' + e));",
                        href);
        assertThat(String.valueOf(document)).contains("openapi: 3.1.0", "/fhir/$process-message:");
    }

    @Test
    void anOperatorSeesTheDashboardAndIsRefusedTheAudit() throws Exception {
        browser.get(url("/console/operations"));
        assertThat(browser.getCurrentUrl()).endsWith("/sign-in");

        signIn(People.OPS, People.OPS_PASSWORD);
        assertThat(browser.getCurrentUrl()).endsWith("/console");
        assertThat(browser.findElements(By.id("nav-operations"))).hasSize(1);
        assertThat(absent(By.id("nav-audit"))).isTrue();

        assertAccessible("start-ops");
        browser.findElement(By.id("nav-operations")).click();
        assertThat(browser.findElement(By.id("mailboxes")).getText())
                .contains("Children's social care (MASH front door)", "Shares waiting")
                .doesNotContain("mailbox.", "DLQ");
        browser.findElement(By.cssSelector("#hub-queues summary")).click();
        assertThat(browser.findElement(By.id("queues")).getText()).contains("DLQ", "hub.intake");
        assertThat(browser.findElement(By.id("follow-up")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("certificates")).getText())
                .contains("hub", "Adult drug and alcohol treatment service", "CN=");
        assertThat(browser.findElement(By.id("pruned")).getText())
                .contains("Audit entries", "Refused messages kept in quarantine")
                .doesNotContain("audit-entries");
        assertThat(browser.findElement(By.id("pruned-explained")).getText()).contains("legal hold");
        assertThat(browser.findElement(By.id("agreements")).getText()).contains("Information sharing agreements");
        assertThat(browser.findElement(By.id("health")).getText())
                .contains(
                        "Message broker Working",
                        "Database Working",
                        "Disk Working",
                        "Keeping what is accepted (free space and database) Working")
                .doesNotContain("UP");
        assertThat(browser.findElement(By.id("agencies")).getText())
                .contains("Children's social care (MASH front door)")
                .doesNotContain("CHILDRENS_SOCIAL_CARE");
        assertThat(browser.findElements(By.cssSelector("#chart svg[role='img']")))
                .hasSize(1);
        assertThat(browser.findElement(By.id("pause-updates")).getText()).isEqualTo("Pause updates");
        assertAccessible("operations");

        // The dashboard updates itself: a message sent now shows in today's figures without a reload.
        browser.get(url("/console/operations?refresh=5"));
        String asAt = browser.findElement(By.id("as-at")).getText();
        long before = Long.parseLong(
                browser.findElement(By.cssSelector("#agency-maternity td")).getText());
        assertThat(as("maternity")
                        .post(
                                PROCESS,
                                example("pregnancy-substance-use.json")
                                        .replace("\"ex-preg-1\"", "\"dashboard-" + System.nanoTime() + "\""))
                        .statusCode())
                .isEqualTo(200);
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(60))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> !d.findElement(By.id("as-at")).getText().equals(asAt)
                        && Long.parseLong(d.findElement(By.cssSelector("#agency-maternity td"))
                                        .getText())
                                > before);
        browser.findElement(By.id("pause-updates")).click();
        assertThat(browser.findElement(By.id("update-status")).getText()).isEqualTo("Updates paused.");

        // Each count leads to what it counts.
        submit(By.id("dead-letter-summary"));
        assertThat(browser.getCurrentUrl()).endsWith("/console/operations/dead-letters");

        browser.get(url("/console/audit"));
        assertThat(text()).contains("You cannot use this page");
        assertThat(auditCount("ACCESS_REFUSED", "%/console/audit%", "%\"" + People.OPS + "\"%"))
                .isPositive();
    }

    /** A message sent by an agency, traced by the operator from the sender's id: decisions and shares, no content. */
    @Test
    void anOperatorTracesAMessageFromItsSendersIdAndSeesNoContentOrNhsNumber() throws Exception {
        String senderId = "trace-plan-" + System.nanoTime();
        String plan = example("cp-plan-status.json").replace("\"ex-cpp-1\"", "\"" + senderId + "\"");
        var sent = as("social-care").post(PROCESS, plan);
        assertThat(sent.statusCode()).isEqualTo(200);
        String hubId = JSON.readTree(sent.body()).get("id").asString();

        signIn(People.OPS, People.OPS_PASSWORD);
        browser.get(url("/console/operations"));
        browser.findElement(By.id("to-trace")).click();
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("senderAgency")))
                .selectByValue("social-care");
        browser.findElement(By.id("senderMessageId")).sendKeys(senderId);
        submit(By.id("find"));
        String decisions = browser.findElement(By.id("decisions")).getText();
        assertThat(decisions)
                .contains("General practice", "Share, on a child protection plan", "cp-plan-core-group")
                .doesNotContain("SHARE", "CHILD_PROTECTION_PLAN", "GP)");
        assertThat(decisions).contains("(NHS number)").doesNotContain("9990000026");
        assertThat(browser.findElement(By.id("shares")).getText()).contains("General practice", "Waiting for");
        assertThat(browser.findElement(By.id("steps")).getText())
                .contains("Message received", "Decided for an agency", "Share put in the agency's queue", "Queue")
                .doesNotContain("{\"", "RECEIVED");
        assertThat(text()).doesNotContain("Example").doesNotContain("Amy");
        assertAccessible("trace");

        // The same message among the sender's messages of the last hour.
        browser.get(url("/console/operations/trace?senderAgency=social-care&from="
                + java.time.Instant.now().minusSeconds(3600) + "&to="
                + java.time.Instant.now().plusSeconds(60)));
        assertThat(text()).contains(hubId);
        browser.get(url("/console/operations/trace?senderAgency=gp&from="
                + java.time.Instant.now().minusSeconds(3600) + "&to="
                + java.time.Instant.now().plusSeconds(60)));
        assertThat(text()).as("another agency's messages").doesNotContain(hubId);
        browser.get(url("/console/operations/trace"));
        browser.findElement(By.id("nhsNumber")).sendKeys("1234567890");
        submit(By.id("find"));
        assertThat(browser.getCurrentUrl()).doesNotContain("1234567890");
        assertThat(browser.findElement(By.id("trace-problems")).getText()).contains("fails its check digit");
    }

    @Test
    void anOfficerReadsTheRunningRulesEventByEvent() throws Exception {
        signIn(People.OFFICER, People.OFFICER_PASSWORD);
        assertThat(absent(By.id("nav-operations"))).isTrue();
        browser.findElement(By.id("nav-rules")).click();
        assertThat(browser.findElement(By.id("rules-version")).getText()).matches("\\d+");
        String screening = browser.findElement(By.id("event-screening-result")).getText();
        assertThat(screening)
                .contains("Drug screening results", "Children's social care", "Joint guidance §6")
                .contains(
                        "When a Section 47 enquiry is open about a child of the family",
                        "When the service user's consent covers them for care management, continuity of care or"
                                + " treatment")
                .contains("free-text notes on test results", "urgent when the sender sees a risk of immediate harm")
                .doesNotContain("CHILDRENS_SOCIAL_CARE", "SECTION_47", "CONSENT", "Observation.note");
        assertThat(browser.findElement(By.id("event-referral-outcome")).getText())
                .contains("Only the agency whose request or referral this answers");
        assertThat(browser.findElement(By.id("event-consent-update")).getText())
                .contains("Shared with no one: it updates the registers.");
        assertAccessible("rules");

        // The explain bench: a message the hub holds, found by its sender and their own reference, then by the
        // person and the day (in a POST: the NHS number never in a URL), each decided now, in words.
        String reference = "bench-" + System.nanoTime();
        as("drug-service")
                .post(PROCESS, example("screening-result.json").replace("\"ex-screen-1\"", "\"" + reference + "\""));
        browser.findElement(By.id("nav-explain")).click();
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("sender"))).selectByValue("drug-service");
        browser.findElement(By.id("senderId")).sendKeys(reference);
        submit(By.id("find-by-sender"));
        assertThat(browser.findElement(By.id("decided-under")).getText())
                .matches("When it came, the rules in force were version \\d+; now they are version \\d+\\.");
        assertThat(browser.findElement(By.id("decisions")).getText())
                .contains("Children's social care (MASH front door)", "Decided when it came", "Do not share")
                .doesNotContain("WITHHOLD", "CHILDRENS_SOCIAL_CARE");
        assertAccessible("rules-explain");
        browser.findElement(By.id("nhs")).sendKeys("9990000018");
        setText(
                "day",
                java.time.LocalDate.now(java.time.ZoneId.of("Europe/London")).toString());
        submit(By.id("find-by-person"));
        assertThat(browser.getCurrentUrl()).doesNotContain("9990000018");
        assertThat(browser.findElement(By.id("found")).getText()).contains("Drug screening result");
        submit(By.cssSelector("#found button"));
        waitForText(By.id("decisions"), "General practice");

        // A pasted message, for those who have one.
        browser.findElement(By.cssSelector("details summary")).click();
        setText("message", "{\"resourceType\": \"Patient\"}");
        submit(By.id("explain-button"));
        waitForText(By.id("explain-problem"), "Intake would refuse it (400)");
    }

    /**
     * What if, with choices only: a treatment dropout while the child has a plan goes to the core group on the plan;
     * without the plan, with the service user's consent for GP practices, the GP receives it on consent and the health
     * visitor nothing, each said in words with its rule and guidance.
     */
    @Test
    void anOfficerAsksWhatIfWithoutJson() throws Exception {
        signIn(People.OFFICER, People.OFFICER_PASSWORD);
        browser.findElement(By.id("nav-explain")).click();
        submit(By.id("what-if-link"));
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("event")))
                .selectByValue("treatment-dropout");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("sender"))).selectByValue("drug-service");
        browser.findElement(By.cssSelector("label[for='plan']")).click();
        submit(By.id("ask"));
        assertThat(browser.findElement(By.id("decision-social-care")).getText())
                .contains(
                        "Share, on a child protection plan",
                        "By rule \u201cdropout-to-social-care\u201d (Joint guidance §4");
        assertThat(browser.findElement(By.id("decision-health-visiting")).getText())
                .contains("Share, on a child protection plan");
        assertAccessible("rules-what-if");

        browser.findElement(By.cssSelector("label[for='plan']")).click();
        browser.findElement(By.cssSelector("label[for='consent-GP']")).click();
        browser.findElement(By.cssSelector("label[for='purpose-TREAT']")).click();
        submit(By.id("ask"));
        assertThat(browser.findElement(By.id("decision-gp")).getText())
                .contains("Share, on the service user's consent", "it is shared on their consent")
                .doesNotContain("CONSENT", "GP agencies");
        assertThat(browser.findElement(By.id("decision-health-visiting")).getText())
                .contains("Do not share: no legal basis holds");
        assertThat(browser.findElement(By.id("what-if")).getText()).doesNotContain("{", "resourceType");

        // A value the page did not offer (a role the hub does not know) is a bad request, not a failure.
        ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("document.getElementById('consent-MATERNITY').value = 'NOBODY';");
        browser.findElement(By.cssSelector("label[for='consent-MATERNITY']")).click();
        submit(By.id("ask"));
        assertThat(text()).contains("The form sent a value the page did not offer.");
    }

    @Test
    void anAuditorSeesTheChainVerifiedAndNotOperations() throws Exception {
        signIn(People.AUDITOR, People.AUDITOR_PASSWORD);
        assertThat(absent(By.id("nav-operations"))).isTrue();
        browser.findElement(By.id("nav-audit")).click();
        assertThat(browser.findElement(By.id("chain-intact")).getText()).contains("The audit chain is intact");
        assertAccessible("audit");

        // A search by subject: the entries about that person, and the search itself audited with the subject.
        String subject = "9990000018";
        assertThat(as("drug-service")
                        .post(PROCESS, example("consent-update.json"))
                        .statusCode())
                .isEqualTo(200);
        browser.findElement(By.id("subject")).sendKeys(subject);
        submit(By.id("search"));
        assertThat(browser.getCurrentUrl()).doesNotContain(subject);
        assertThat(browser.findElement(By.id("entries")).getText())
                .contains("Message received", "Consent update", "Sender's reference")
                .doesNotContain("RECEIVED", "consent-update", "{\"");
        assertAccessible("audit-search");
        assertThat(auditEntries("ACCESSED", "%" + People.AUDITOR + "%"))
                .anyMatch(e -> subject.equals(e.get("SUBJECT_NHS")));
        String csv = (String) ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "const body = new URLSearchParams(new FormData(document.getElementById('audit-export')));"
                        + "fetch('/console/audit.csv', {method: 'POST', body: body}).then(r => r.text()).then(done);");
        assertThat(csv).startsWith("seq,recorded_at,type,hub_message_id,agency,subject_nhs,event,detail");
        assertThat(csv).contains("," + subject + ",consent-update,").contains(",ACCESSED,,," + subject + ",");
        browser.get(url("/console/audit?from=yesterday"));
        assertThat(browser.findElement(By.id("audit-problems")).getText()).contains("from must be an ISO instant");

        // The quarterly report: single figures, each breakdown as a chart with its numbers, and its CSV.
        browser.findElement(By.id("nav-reports")).click();
        assertThat(browser.findElement(By.id("single-figures")).getText()).contains("Decisions", "Shares");
        assertThat(browser.findElement(By.id("chart-received")).getText())
                .contains("Consent updates")
                .doesNotContain("consent-update");
        assertThat(browser.findElements(By.cssSelector("#chart-received svg rect")))
                .isNotEmpty();
        assertAccessible("reports");
        String report = (String) ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "fetch(document.getElementById('report-csv').href).then(r => r.text()).then(done);");
        assertThat(report).startsWith("figure,key,count").contains("messagesReceived,consent-update,");
        browser.get(url("/console/rules"));
        assertThat(browser.findElement(By.id("rules-version")).getText()).matches("\\d+");
        assertThat(absent(By.id("change-rules")))
                .as("an auditor changes nothing")
                .isTrue();
        assertThat(absent(By.id("explain-link"))).isTrue();
        browser.get(url("/console/operations"));
        assertThat(text()).contains("You cannot use this page");
    }

    /**
     * The disclosure log of a family, in words: the share to its GP (about the mother) listed with why it could be
     * shared and what was taken out; left out of the subject access response with a reason (audited), the CSV and PDF
     * then leave it out, say that one entry is withheld, and carry no code of the hub's; put back again. The NHS number
     * never reaches a URL. The child's own log lists the same share: the message named them.
     */
    @Test
    void anOfficerReadsAPersonsDisclosuresAndWithholdsOneFromTheExport() throws Exception {
        String mum = "9990000506";
        String child = "9990000514";
        dropoutFor("gp", mum, child);
        signIn(People.OFFICER, People.OFFICER_PASSWORD);
        browser.findElement(By.id("nav-disclosures")).click();
        browser.findElement(By.id("nhsNumber")).sendKeys("9990000507");
        submit(By.id("show-disclosures"));
        assertThat(browser.findElement(By.id("nhs-problem")).getText()).contains("not an NHS number");
        browser.findElement(By.id("nhsNumber")).clear();
        browser.findElement(By.id("nhsNumber")).sendKeys(mum);
        submit(By.id("show-disclosures"));
        assertThat(browser.getCurrentUrl()).doesNotContain(mum);
        String table = browser.findElement(By.id("disclosures")).getText();
        assertThat(table)
                .contains("Treatment dropout", "General practice", "The service user's consent")
                .doesNotContain("treatment-dropout", "CONSENT", "GP,");
        assertThat(auditEntries("ACCESSED")).anyMatch(e -> mum.equals(e.get("SUBJECT_NHS")));
        assertAccessible("disclosures");
        var row = browser.findElements(By.cssSelector("#disclosures tbody tr")).stream()
                .filter(r -> r.getText().contains("General practice"))
                .findFirst()
                .orElseThrow();
        String seq = row.getAttribute("id").substring("disclosure-".length());
        int entries =
                browser.findElements(By.cssSelector("#disclosures tbody tr")).size();
        browser.findElement(By.id("withhold-reason-" + seq)).sendKeys("would prejudice a Section 47 enquiry");
        submit(By.cssSelector("#withhold-" + seq + " button"));
        assertThat(browser.findElement(By.id("done")).getText()).contains("left out of the subject access response");
        assertThat(browser.findElement(By.id("withheld-summary")).getText()).startsWith("1 left out");
        assertThat(browser.getCurrentUrl()).doesNotContain(mum);
        assertThat(auditEntries("DISCLOSURE_WITHHELD"))
                .filteredOn(e -> mum.equals(e.get("SUBJECT_NHS")))
                .hasSize(1);
        var js = (org.openqa.selenium.JavascriptExecutor) browser;
        String post = "const done = arguments[arguments.length - 1];"
                + "const body = new URLSearchParams(new FormData(document.getElementById('exports')));"
                + "fetch(arguments[0], {method: 'POST', body: body})";
        String csv =
                (String) js.executeAsyncScript(post + ".then(r => r.text()).then(done);", "/console/disclosures.csv");
        assertThat(csv.lines().toList())
                .hasSize(entries + 1)
                .first()
                .isEqualTo("When (UK time),About,NHS number,Shared with,Kind of service,Why it could be shared,What was"
                        + " shared,Sent to the hub by,What was taken out first,Were you to be told,Information about"
                        + " other people");
        assertThat(csv).doesNotContain("General practice");
        assertThat(csv.strip()).contains("# 1 entry is withheld under a safeguarding exemption.");
        for (String code : new String[] {
            "CONSENT",
            "SECTION_47",
            "CHILD_PROTECTION_PLAN",
            "SIGNIFICANT_HARM",
            "CHILDRENS_SOCIAL_CARE",
            "DRUG_TREATMENT",
            "HEALTH_VISITOR",
            "MATERNITY",
            "treatment-dropout",
            "consent-update",
            "drug-service",
            "Observation/",
            ".note",
            "SHARE",
            "WITHHOLD"
        }) {
            assertThat(csv)
                    .as("the subject access CSV has no code of the hub's")
                    .doesNotContain(code);
        }
        assertThat(csv).doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T");
        String pdf = (String) js.executeAsyncScript(
                post + ".then(r => r.arrayBuffer())"
                        + ".then(b => { let s = ''; new Uint8Array(b).forEach(c => s += String.fromCharCode(c)); done(btoa(s)); });",
                "/console/disclosures.pdf");
        try (var doc =
                org.apache.pdfbox.Loader.loadPDF(java.util.Base64.getDecoder().decode(pdf))) {
            String text =
                    new org.apache.pdfbox.text.PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            assertThat(text)
                    .contains("Disclosures by the Safeguarding Hub")
                    .contains("About NHS number " + mum)
                    .contains("1 entry is withheld under a safeguarding exemption")
                    .doesNotContain("General practice", "CONSENT", "treatment-dropout");
        }
        browser.findElement(By.id("release-reason-" + seq)).sendKeys("enquiry closed");
        submit(By.cssSelector("#release-" + seq + " button"));
        assertThat(browser.findElement(By.id("withheld-summary")).getText()).startsWith("0 left out");

        // The child's own log: the dropout about their mother named them, so its shares are theirs too.
        browser.findElement(By.id("nhsNumber")).clear();
        browser.findElement(By.id("nhsNumber")).sendKeys(child);
        submit(By.id("show-disclosures"));
        assertThat(browser.findElement(By.id("disclosures")).getText())
                .contains("Treatment dropout", "General practice", "named in a message about an adult of their family")
                .doesNotContain(mum)
                .doesNotContain("The hub has disclosed nothing about them");
    }

    @org.springframework.beans.factory.annotation.Autowired
    uk.safeguarding.hub.review.ContentOpenings openings;

    /**
     * Seeing what was sent, for a review: an officer (who is also a Caldicott guardian) finds the mother's message by
     * her NHS number, opens it for a practice review with a reason, and reads it in words until it closes (20 s
     * here); she may not review her own opening. Another guardian sees the notice, cannot see the content, and
     * records "appropriate". An auditor sees the queue and the outcome; the audit has every step.
     */
    @Test
    void anOfficerOpensAHeldMessageForAReviewAndAGuardianReviewsIt() throws Exception {
        String mum = "9990072108";
        String child = "9990072116";
        dropoutFor("gp", mum, child);
        signIn(People.OFFICER_GUARDIAN, People.OFFICER_GUARDIAN_PASSWORD);
        browser.findElement(By.id("nav-openings")).click();
        assertAccessible("openings-officer");
        browser.findElement(By.id("nhs-number")).sendKeys(mum);
        submit(By.id("find-messages"));
        assertThat(browser.getCurrentUrl()).doesNotContain(mum);
        assertThat(browser.findElement(By.id("messages")).getText()).contains("Treatment dropout");
        assertAccessible("opening-find");
        submit(By.xpath("//table[@id='messages']//tr[contains(., 'Treatment dropout')]//a"));
        assertAccessible("opening-new");
        browser.findElement(By.cssSelector("label[for='purpose-REVIEW']")).click();
        submit(By.id("open-button"));
        assertThat(browser.findElement(By.id("refused")).getText()).contains("a reason is required");
        browser.findElement(By.cssSelector("label[for='purpose-REVIEW']")).click();
        String reason = "Child Safeguarding Practice Review of the family, asked for by the partnership";
        browser.findElement(By.id("reason")).sendKeys(reason);
        submit(By.id("open-button"));
        waitForText(By.id("content"), "As ", "NHS number " + mum, "Treatment dropout", "As General practice got it");
        assertThat(browser.findElement(By.id("content")).getText())
                .doesNotContain("treatment-dropout", "\"resourceType\"", "T00:00");
        assertThat(browser.findElement(By.id("own-opening")).getText()).contains("another Caldicott guardian");
        assertAccessible("opening");
        String id = browser.getCurrentUrl().replaceAll(".*/console/openings/", "");
        assertThat(openings.review(
                        id,
                        People.OFFICER_GUARDIAN,
                        uk.safeguarding.hub.review.ContentOpenings.Outcome.APPROPRIATE,
                        "mine"))
                .isEqualTo(uk.safeguarding.hub.review.ContentOpenings.Reviewed.OWN_OPENING);
        // The page closes the content when its time is up, and the hub will not show it again.
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(90))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> !d.findElements(By.id("closed")).isEmpty());
        assertThat(absent(By.id("content"))).isTrue();
        browser.get(url("/console/openings/" + id));
        assertThat(absent(By.id("content"))).isTrue();
        assertThat(browser.findElement(By.id("open-state")).getText()).startsWith("closed");

        browser.manage().deleteAllCookies();
        signIn(People.GUARDIAN, People.GUARDIAN_PASSWORD);
        assertThat(browser.findElement(By.id("openings-notice")).getText())
                .contains("wait for a Caldicott guardian's review");
        submit(By.cssSelector("#openings-notice a"));
        assertThat(browser.findElement(By.id("opening-" + id)).getText()).contains(reason, "waiting for review");
        assertAccessible("openings-guardian");
        browser.get(url("/console/openings/" + id));
        assertThat(browser.findElement(By.id("not-yours")).getText()).contains("Only the officer who opened it");
        assertThat(absent(By.id("content"))).isTrue();
        submit(By.id("review-button"));
        assertThat(browser.findElement(By.id("refused")).getText()).contains("Choose a finding");
        browser.findElement(By.cssSelector("label[for='finding-APPROPRIATE']")).click();
        browser.findElement(By.id("note")).sendKeys("The review needed the dropout as sent; opened for its time only.");
        submit(By.id("review-button"));
        assertThat(browser.findElement(By.id("done")).getText()).contains("Your review is recorded");
        assertThat(browser.findElement(By.id("review-state")).getText()).contains("Appropriate: " + People.GUARDIAN);
        assertAccessible("opening-reviewed");

        browser.manage().deleteAllCookies();
        signIn(People.AUDITOR, People.AUDITOR_PASSWORD);
        browser.get(url("/console/openings"));
        assertThat(browser.findElement(By.id("opening-" + id)).getText())
                .contains("appropriate", People.GUARDIAN, People.OFFICER_GUARDIAN);
        assertThat(absent(By.id("find"))).as("an auditor opens nothing").isTrue();

        assertThat(auditEntries("CONTENT_OPENED"))
                .filteredOn(e -> mum.equals(e.get("SUBJECT_NHS")))
                .singleElement()
                .satisfies(e -> assertThat((String) e.get("DETAIL")).contains(reason, "REVIEW", id));
        assertThat(auditEntries("CONTENT_REVIEW_REFUSED")).anyMatch(e -> ((String) e.get("DETAIL")).contains(id));
        assertThat(auditEntries("CONTENT_REVIEWED"))
                .anyMatch(e ->
                        ((String) e.get("DETAIL")).contains(id) && ((String) e.get("DETAIL")).contains("APPROPRIATE"));
        // The audit export in FHIR AuditEvent form: a break-glass event, with the purpose and the reason.
        var events = People.officer(port).get("/api/audit?type=CONTENT_OPENED&subject=" + mum + "&format=fhir");
        assertThat(events.statusCode()).isEqualTo(200);
        assertThat(events.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/fhir+json");
        uk.safeguarding.hub.FhirValidation.assertValid("the audit export as AuditEvents", events.body());
        JsonNode event = JSON.readTree(events.body()).get("entry").get(0).get("resource");
        assertThat(event.get("resourceType").asString()).isEqualTo("AuditEvent");
        assertThat(event.get("type").get("code").asString()).isEqualTo("110113");
        assertThat(event.get("subtype").get(0).get("code").asString()).isEqualTo("110127");
        assertThat(event.get("purposeOfEvent")
                        .get(0)
                        .get("coding")
                        .get(0)
                        .get("code")
                        .asString())
                .isEqualTo("BTG");
        assertThat(events.body()).contains(reason, mum, People.OFFICER_GUARDIAN);
        // And in the quarter's figures.
        JsonNode figures = JSON.readTree(People.officer(port)
                .get("/api/reports/quarterly?quarter=" + uk.safeguarding.hub.report.QuarterlyReport.currentQuarter())
                .body());
        assertThat(figures.get("contentOpenings").asLong()).isPositive();
        assertThat(figures.get("contentOpeningsByFinding").get("APPROPRIATE").asLong())
                .isPositive();
        assertThat(auditEntries("ACCESSED"))
                .as("the content read while open, with whose it is")
                .anyMatch(e -> mum.equals(e.get("SUBJECT_NHS"))
                        && ((String) e.get("DETAIL")).contains("/console/openings/" + id));
    }

    @Test
    void theSessionCookieIsSecureHttpOnlyAndStrictAndAStateChangeNeedsItsToken() throws Exception {
        signIn(People.OPS, People.OPS_PASSWORD);
        Cookie session = browser.manage().getCookieNamed("hub-session");
        assertThat(session).isNotNull();
        assertThat(session.isSecure()).isTrue();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");

        // Another site's page posting the sign-out form with the person's cookie but without the CSRF token.
        HttpResponse<String> forged = AgencyClient.anonymous(port)
                .raw(HttpRequest.newBuilder(URI.create(url("/sign-out")))
                        .header("Cookie", "hub-session=" + session.getValue())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("")));
        assertThat(forged.statusCode()).isEqualTo(403);
        browser.get(url("/console"));
        assertThat(browser.getCurrentUrl()).endsWith("/console");

        browser.findElement(By.id("sign-out")).click();
        // The click returns before the next page: wait for it, or the old page's body goes stale under the read.
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(30))
                .until(d -> d.getCurrentUrl().contains("signed-out"));
        assertThat(text()).contains("You have signed out.");
        browser.get(url("/console"));
        assertThat(browser.getCurrentUrl()).contains("/sign-in");
    }

    @Test
    void repeatedWrongPasswordsLockTheNameAndTheRightOneThenWaits() throws Exception {
        signIn(People.LOCKED_IN_BROWSER, "wrong-first");
        assertThat(auditCount("SIGN_IN_FAILED", "%" + People.LOCKED_IN_BROWSER + "%"))
                .as("one wrong password is one failure")
                .isEqualTo(1);
        assertThat(browser.findElement(By.id("username")).getDomProperty("value"))
                .as("the name stays filled in")
                .isEqualTo(People.LOCKED_IN_BROWSER);
        for (int i = 0; i < 4; i++) {
            signIn(People.LOCKED_IN_BROWSER, "wrong-" + i);
        }
        signIn(People.LOCKED_IN_BROWSER, People.LOCKED_PASSWORD);
        assertThat(browser.findElement(By.id("sign-in-problem")).getText()).contains("Signing in is paused");
        assertThat(browser.findElement(By.id("paused-for")).getText())
                .matches("Try again (in \\d+ seconds?|after \\d\\d:\\d\\d \\(UK time\\), in about \\d+ minutes)\\.");
        assertAccessible("sign-in-locked");
        assertThat(java.util.stream.Stream.of("SIGN_IN_FAILED", "SIGN_IN_REFUSED", "SIGN_IN_LOCKED")
                        .mapToInt(type -> auditCount(type, "%" + People.LOCKED_IN_BROWSER + "%"))
                        .sum())
                .isGreaterThanOrEqualTo(5);
    }

    void setText(String id, String text) {
        ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("arguments[0].value = arguments[1];", browser.findElement(By.id(id)), text);
    }

    int runningVersion() throws Exception {
        return Integer.parseInt(People.officer(port)
                .get("/api/rules")
                .headers()
                .firstValue("X-Rules-Version")
                .orElseThrow());
    }

    /**
     * Four eyes, end to end, with the forms and the mouse: a slip in the text view is shown on its line as written;
     * with the forms, an officer takes GPs out of who receives treatment dropouts (a rule left with no one is refused
     * beside its field), reads the change in a sentence and the dry run in words, and proposes it, which they cannot
     * approve; a second officer reads the same sentence and approves it, the page still says what it changed, and
     * the next message is decided by it; the history shows the difference.
     */
    @Test
    void oneOfficerProposesARuleChangeAndASecondApprovesIt() throws Exception {
        String family = "9990000182";
        String child = "9990000190";
        as("drug-service")
                .post(
                        PROCESS,
                        example("consent-update.json")
                                .replace("ex-consent-1", "browser-consent")
                                .replace("9990000018", family)
                                .replace("9990000026", child));
        var first = as("drug-service")
                .post(
                        PROCESS,
                        example("treatment-dropout.json")
                                .replace("ex-dropout-1", "browser-dropout-1")
                                .replace("9990000018", family)
                                .replace("9990000026", child));
        assertThat(decisions(first.body())).containsEntry("gp", "SHARE CONSENT");
        String original = People.officer(port).get("/api/rules").body();
        int before = runningVersion();
        try {
            signIn(People.OFFICER, People.OFFICER_PASSWORD);
            browser.findElement(By.id("nav-rules")).click();
            submit(By.id("change-rules"));
            assertThat(browser.findElement(By.id("next-version")).getText()).isEqualTo(String.valueOf(before + 1));
            assertThat(browser.findElement(By.id("no-changes")).getText()).contains("Nothing yet");
            assertAccessible("rules-draft");

            // The advanced view: a slip is shown on its own line, as written (indentation kept).
            browser.findElement(By.cssSelector("#rule-draft details summary")).click();
            submit(By.id("edit-yaml"));
            String text = browser.findElement(By.id("yaml")).getDomProperty("value");
            assertThat(text).contains("version: " + (before + 1));
            setText("yaml", text.replace("  cp-plan-status:", "  cp-plan-stats:"));
            submit(By.id("check"));
            assertThat(browser.findElement(By.id("rule-problems")).getText())
                    .containsPattern("Line \\d+: unknown event 'cp-plan-stats'");
            var slip = browser.findElement(By.cssSelector("#problem-lines .rules-problem-line code"));
            assertThat(slip.getDomProperty("textContent")).isEqualTo("  cp-plan-stats:");
            assertThat(slip.getCssValue("white-space")).isEqualTo("pre");
            assertAccessible("rules-change-problems");
            browser.findElement(By.className("govuk-back-link")).click();

            // The forms: GPs taken out of the rule for the other services; a rule with no one is refused beside it.
            submit(By.id("change-treatment-dropout"));
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Who receives treatment dropouts");
            for (String role : new String[] {"DRUG_TREATMENT", "MATERNITY", "GP", "HEALTH_VISITOR"}) {
                browser.findElement(By.cssSelector("label[for='rule-1-recipient-" + role + "']"))
                        .click();
            }
            submit(By.id("save-event"));
            assertThat(browser.findElement(By.cssSelector("#rule-1-recipients .govuk-error-message"))
                            .getText())
                    .contains("names no recipients");
            assertAccessible("rules-event-form-problem");
            for (String role : new String[] {"DRUG_TREATMENT", "MATERNITY", "HEALTH_VISITOR"}) {
                browser.findElement(By.cssSelector("label[for='rule-1-recipient-" + role + "']"))
                        .click();
            }
            submit(By.id("save-event"));
            assertThat(browser.findElement(By.id("changes")).getText())
                    .contains("Treatment dropouts", "GP practices would no longer receive treatment dropouts.");

            // A profile's form, in words; cancelled.
            submit(By.id("change-profile-treatment-status"));
            assertThat(browser.findElement(By.id("remove")).getText()).contains("Diagnoses in the treatment record");
            assertAccessible("rules-profile-form");
            submit(By.id("cancel-profile"));

            submit(By.id("dry-run-button"));
            assertThat(browser.findElement(By.id("dry-run-groups")).getText())
                    .contains("Treatment dropouts", "shared on the service user's consent", "not shared");
            setText("reason", "Dropout reaches GPs through the drug service's own letter");
            submit(By.id("propose"));
            assertThat(browser.findElement(By.id("proposal-state")).getText()).isEqualTo("waiting for approval");
            assertThat(browser.findElement(By.id("own-proposal")).getText()).contains("another information governance");
            assertThat(absent(By.id("approve"))).isTrue();
            assertThat(browser.findElement(By.id("change-sentences")).getText())
                    .contains("GP practices would no longer receive treatment dropouts.");
            assertThat(runningVersion()).isEqualTo(before);
            assertAccessible("rules-proposal-own");
            browser.findElement(By.id("sign-out")).click();

            signIn(People.SECOND_OFFICER, People.SECOND_OFFICER_PASSWORD);
            browser.findElement(By.id("nav-proposals")).click();
            submit(By.linkText("Version " + (before + 1)));
            assertThat(browser.findElement(By.id("change-sentences")).getText())
                    .contains("GP practices would no longer receive treatment dropouts.");
            assertThat(browser.findElement(By.id("dry-run-groups")).getText()).contains("not shared");
            assertThat(browser.findElements(By.cssSelector(".rules-diff__removed")))
                    .extracting(org.openqa.selenium.WebElement::getText)
                    .contains("- version: " + before);
            assertAccessible("rules-proposal-approve");
            setText("approve-reason", "Read against the guidance; agreed at the IG board");
            submit(By.id("approve"));
            assertThat(browser.findElement(By.id("done")).getText())
                    .contains("Version " + (before + 1) + " is in force.");
            // Once approved, the page still says what it changed.
            assertThat(browser.findElement(By.id("change-sentences")).getText())
                    .contains("GP practices would no longer receive treatment dropouts.");
            assertThat(runningVersion()).isEqualTo(before + 1);
            var second = as("drug-service")
                    .post(
                            PROCESS,
                            example("treatment-dropout.json")
                                    .replace("ex-dropout-1", "browser-dropout-2")
                                    .replace("9990000018", family)
                                    .replace("9990000026", child));
            assertThat(decisions(second.body())).containsEntry("gp", "WITHHOLD -");

            // What if, under the new rules: a dropout while the child has a plan no longer goes to the GP.
            browser.findElement(By.id("nav-explain")).click();
            submit(By.id("what-if-link"));
            browser.findElement(By.cssSelector("label[for='plan']")).click();
            submit(By.id("ask"));
            assertThat(browser.findElement(By.id("decision-gp")).getText())
                    .contains("Do not share: no rule lets an agency of this kind receive it");
            assertThat(browser.findElement(By.id("decision-health-visiting")).getText())
                    .contains("Share, on a child protection plan");

            browser.findElement(By.id("nav-history")).click();
            assertThat(browser.findElement(By.id("versions")).getText())
                    .contains(People.OFFICER + ", approved by " + People.SECOND_OFFICER);
            browser.findElement(By.id("compare-button")).click();
            assertThat(browser.findElement(By.id("difference")).getText())
                    .contains("- version: " + before, "+ version: " + (before + 1));
            assertAccessible("rules-history");
        } finally {
            var restore = People.officer(port)
                    .send(
                            "PUT",
                            "/api/rules?reason=restore",
                            original.replaceFirst("(?m)^version: \\d+$", "version: " + (runningVersion() + 1)),
                            "application/yaml");
            String id = JSON.readTree(restore.body()).get("proposal").get("id").asString();
            assertThat(People.secondOfficer(port)
                            .send("POST", "/api/rules/proposals/" + id + "/approve?reason=restore", "", "text/plain")
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    /**
     * A share for a GP whose push endpoint is down ends in DLQ.push; the operator sees it with its tries and last
     * failure, previews a retry of exactly that one and retries it (the hub tries it again: three more failures), then
     * previews its discard and discards it with a reason: never delivered, audited.
     */
    @Test
    void anOperatorPutsNewDataKeysInForceAndTheOldOnesStayToOpenWhatTheySealed() throws Exception {
        signIn(People.OPS, People.OPS_PASSWORD);
        browser.get(url("/console/operations"));
        browser.findElement(By.id("to-data-keys")).click();
        assertThat(text()).contains("Data keys", "Put new data keys in force");
        int before = browser.findElements(By.cssSelector("#keys tbody tr")).size();
        assertAccessible("data-keys");
        submit(By.id("rotate-button"));
        assertThat(browser.findElement(By.id("done")).getText())
                .contains("4 new data keys are in force", "still opens");
        var rows = browser.findElements(By.cssSelector("#keys tbody tr"));
        assertThat(rows).hasSize(before + 4);
        assertThat(rows.subList(0, 4))
                .as("the four new keys, newest first, are the ones in use")
                .allSatisfy(r -> assertThat(r.getText()).endsWith("In use"));
        assertThat(text())
                .contains("Retired", "still opens what it sealed", "messages, their receipts and what the hub knows")
                .doesNotContain("CONTENT", "QUARANTINE", "wrapped");
        assertThat(auditCount("DATA_KEYS_ROTATED", "%\"by\":\"" + People.OPS + "\"%"))
                .isPositive();
    }

    @Test
    void anOperatorRetriesADeadLetterAfterAPreviewThenDiscardsIt() throws Exception {
        String deliveryId = dropoutFor("push-gp-down", "9990000204", "9990000212");
        org.awaitility.Awaitility.await()
                .atMost(60, java.util.concurrent.TimeUnit.SECONDS)
                .until(() -> audited("DEAD_LETTERED", deliveryId) == 1);
        signIn(People.OPS, People.OPS_PASSWORD);
        String row = "//tr[contains(., 'share " + deliveryId + "')]";
        org.awaitility.Awaitility.await()
                .atMost(60, java.util.concurrent.TimeUnit.SECONDS)
                .until(() -> {
                    browser.get(url("/console/operations/dead-letters"));
                    return !browser.findElements(By.xpath(row)).isEmpty();
                });
        assertThat(browser.findElement(By.xpath(row)).getText())
                .contains("Treatment dropout to", "the agency’s system at https://", "3")
                .contains("The hub could not connect to the agency's system")
                .doesNotContain("push.outbound", "treatment-dropout");
        assertAccessible("dead-letters");

        browser.findElement(By.xpath(row + "//label")).click();
        browser.findElement(By.id("retry-selected-DLQ.push")).click();
        assertThat(browser.findElement(By.id("preview")).getText()).contains(deliveryId);
        assertThat(browser.findElements(By.cssSelector("#preview tbody tr"))).hasSize(1);
        assertAccessible("dead-letters-preview");
        browser.findElement(By.id("confirm")).click();
        assertThat(browser.findElement(By.id("done")).getText())
                .contains("1 sent back for another try, from shares that could not be sent");
        org.awaitility.Awaitility.await()
                .atMost(60, java.util.concurrent.TimeUnit.SECONDS)
                .until(() -> audited("DEAD_LETTERED", deliveryId) == 2);
        assertThat(audited("QUEUE_RETRIED", deliveryId)).isEqualTo(1);

        org.awaitility.Awaitility.await()
                .atMost(60, java.util.concurrent.TimeUnit.SECONDS)
                .until(() -> {
                    browser.get(url("/console/operations/dead-letters"));
                    return !browser.findElements(By.xpath(row)).isEmpty();
                });
        browser.findElement(By.xpath(row + "//label")).click();
        browser.findElement(By.id("discard-selected-DLQ.push")).click();
        browser.findElement(By.id("confirm")).click();
        assertThat(browser.findElement(By.id("refused")).getText()).contains("needs a reason");
        browser.findElement(By.xpath(row + "//label")).click();
        browser.findElement(By.id("discard-selected-DLQ.push")).click();
        browser.findElement(By.id("reason")).sendKeys("The practice has closed; the family re-registered elsewhere");
        browser.findElement(By.id("confirm")).click();
        assertThat(browser.findElement(By.id("done")).getText())
                .contains("1 discarded from shares that could not be sent");
        assertThat(absent(By.xpath(row))).isTrue();
        assertThat(jdbc.queryForObject("SELECT status FROM delivery WHERE delivery_id = ?", String.class, deliveryId))
                .isEqualTo("DISCARDED");
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM delivery_payload WHERE delivery_id = ?", Integer.class, deliveryId))
                .as("a discarded share's sealed copy goes")
                .isZero();
        assertThat(audited("DEAD_LETTER_DISCARDED", deliveryId)).isEqualTo(1);

        // A refused message: listed with its reason and size, never its content; its content discarded with a reason.
        String marker = "quarantine-" + System.nanoTime();
        assertThat(as("gp").post(PROCESS, "{\"resourceType\": \"" + marker + "\"")
                        .statusCode())
                .isEqualTo(400);
        String kept = jdbc.queryForObject(
                "SELECT quarantine_id FROM quarantine WHERE sender_agency = 'gp' ORDER BY received_at DESC"
                        + " FETCH FIRST 1 ROWS ONLY",
                String.class);
        browser.get(url("/console/operations/dead-letters"));
        String quarantined = browser.findElement(By.id("quarantine")).getText();
        assertThat(quarantined).contains("General practice", "400", "bytes").doesNotContain(marker);
        browser.findElement(By.cssSelector("label[for='kept-" + kept + "']")).click();
        browser.findElement(By.id("quarantine-reason")).sendKeys("Sent again corrected");
        browser.findElement(By.id("discard-quarantined")).click();
        assertThat(browser.findElement(By.id("done")).getText()).contains("The content of 1 quarantined message");
        assertThat(browser.findElement(By.id("quarantine")).getText())
                .contains("discarded by " + People.OPS + ": Sent again corrected");
        assertThat(jdbc.queryForObject("SELECT body FROM quarantine WHERE quarantine_id = ?", byte[].class, kept))
                .isNull();
    }

    /**
     * Every page for every role: what the role may use opens; what it may not is refused with the page that says
     * so, and is not linked from its navigation.
     */
    /**
     * With JavaScript off, the pages still work: an officer adds a basis to a rule, is told beside it that it cannot
     * be offered, removes it, moves consent first and reads the change in a sentence; asks what if; the dashboard
     * shows (without its updates).
     */
    @Test
    void everyFormWorksWithJavaScriptOff(@TempDir Path profile) throws Exception {
        try (ConsoleBrowser plain = new ConsoleBrowser(profile, port, false)) {
            WebDriver b = plain.driver;
            // A click that submits a form: wait for the next page, whose elements have the same ids.
            java.util.function.Consumer<By> press = by -> {
                org.openqa.selenium.WebElement page = b.findElement(By.tagName("html"));
                b.findElement(by).click();
                ConsoleBrowser.awaitLeft(b, page);
            };
            plain.signIn(People.OFFICER, People.OFFICER_PASSWORD);
            b.get(plain.url("/console/rules/change"));
            press.accept(By.id("change-treatment-dropout"));
            press.accept(By.id("rule-1-add-basis"));
            new org.openqa.selenium.support.ui.Select(b.findElement(By.id("rule-1-basis-2-basis")))
                    .selectByValue("SIGNIFICANT_HARM");
            press.accept(By.id("save-event"));
            assertThat(b.findElement(By.cssSelector("#rule-1-basis-2 .govuk-error-message"))
                            .getText())
                    .contains("a statutory basis only authorises sharing with children's social care");
            press.accept(By.id("rule-1-basis-2-remove"));
            press.accept(By.id("rule-1-basis-1-up"));
            assertThat(new org.openqa.selenium.support.ui.Select(b.findElement(By.id("rule-1-basis-0-basis")))
                            .getFirstSelectedOption()
                            .getText())
                    .isEqualTo("The service user's consent");
            press.accept(By.id("save-event"));
            assertThat(b.findElement(By.id("changes")).getText())
                    .contains("would receive treatment dropouts when the service user's consent covers them");

            b.get(plain.url("/console/rules/what-if"));
            b.findElement(By.cssSelector("label[for='plan']")).click();
            press.accept(By.id("ask"));
            assertThat(b.findElement(By.id("answer")).getText()).contains("Share, on a child protection plan");

            b.get(plain.url("/console/disclosures"));
            b.findElement(By.id("nhsNumber")).sendKeys("9990000018");
            press.accept(By.id("show-disclosures"));
            assertThat(b.findElement(By.id("disclosure-summary")).getText()).contains("about 9990000018");

            // Finding a person's messages to open one for a review, and the form that opens it.
            dropoutFor("gp", "9990072140", "9990072159");
            b.get(plain.url("/console/openings"));
            b.findElement(By.id("nhs-number")).sendKeys("9990072140");
            press.accept(By.id("find-messages"));
            assertThat(b.findElement(By.id("messages")).getText()).contains("Treatment dropout");
            press.accept(By.cssSelector("#messages a"));
            press.accept(By.id("open-button"));
            assertThat(b.findElement(By.id("refused")).getText()).contains("Choose the purpose");

            b.manage().deleteAllCookies();
            plain.signIn(People.OPS, People.OPS_PASSWORD);
            b.get(plain.url("/console/operations"));
            assertThat(b.findElement(By.id("mailboxes")).getText()).contains("Waiting for each agency to collect");
            assertThat(b.findElements(By.id("pause-updates")))
                    .as("no script ran")
                    .isEmpty();
        }
    }

    @Test
    void eachRoleOpensItsPagesAndIsRefusedTheOthers() throws Exception {
        java.util.List<String> operations = java.util.List.of(
                "/console/operations",
                "/console/operations/trace",
                "/console/operations/dead-letters",
                "/console/operations/data-keys");
        java.util.List<String> reading = java.util.List.of(
                "/console/rules",
                "/console/rules/proposals",
                "/console/rules/history",
                "/console/audit",
                "/console/reports",
                "/console/agencies",
                "/console/agencies/history",
                "/console/openings");
        java.util.List<String> changing = java.util.List.of(
                "/console/rules/change",
                "/console/rules/explain",
                "/console/rules/what-if",
                "/console/agencies/new",
                "/console/disclosures");
        record Role(String name, String password, java.util.List<String> allowed) {}
        java.util.List<String> officer = new java.util.ArrayList<>(reading);
        officer.addAll(changing);
        for (Role role : java.util.List.of(
                new Role(People.OPS, People.OPS_PASSWORD, operations),
                new Role(People.OFFICER, People.OFFICER_PASSWORD, officer),
                new Role(People.AUDITOR, People.AUDITOR_PASSWORD, reading),
                new Role(People.GUARDIAN, People.GUARDIAN_PASSWORD, java.util.List.of("/console/openings")))) {
            browser.manage().deleteAllCookies();
            signIn(role.name(), role.password());
            java.util.List<String> all = new java.util.ArrayList<>(operations);
            all.addAll(reading);
            all.addAll(changing);
            for (String page : all) {
                browser.get(url(page));
                boolean refused = text().contains("You cannot use this page");
                assertThat(refused)
                        .as(role.name() + " on " + page)
                        .isEqualTo(!role.allowed().contains(page));
            }
            browser.get(url("/console"));
            // The start page lists every page the role may use (the agency pages reached from Agencies).
            java.util.Set<String> listed = new java.util.HashSet<>();
            browser.findElements(By.cssSelector("main a"))
                    .forEach(a -> listed.add(
                            java.net.URI.create(a.getDomProperty("href")).getPath()));
            assertThat(listed)
                    .as(role.name() + "'s start page")
                    .containsAll(role.allowed().stream()
                            .filter(p -> !p.startsWith("/console/agencies/"))
                            .toList());
            if (role.name().equals(People.OFFICER)) {
                assertAccessible("start-ig");
            }
            assertThat(absent(By.id("nav-operations")))
                    .isEqualTo(!role.allowed().contains("/console/operations"));
            assertThat(absent(By.id("nav-audit"))).isEqualTo(!role.allowed().contains("/console/audit"));
        }
    }
}
