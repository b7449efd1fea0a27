package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.ConnectionFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import uk.safeguarding.hub.FhirValidation;
import uk.safeguarding.hub.delivery.Outbox;

/**
 * The scenario suite: each file under {@code src/test/resources/scenarios} is a short sequence of messages (files
 * under {@code scenarios/messages}) sent over real mutual TLS to the running hub, with the decisions, refusals,
 * mailbox contents and audit entries expected after each step. Every scenario starts from empty registers, empty
 * mailboxes and an empty audit trail. The format is described in {@code scenarios/README.md}.
 */
class ScenarioSuiteTest extends HubTestBase {

    static final Path SCENARIOS = Path.of("src/test/resources/scenarios");
    static final List<String> AGENCIES = List.of("drug-service", "maternity", "social-care", "gp", "health-visiting");

    @Autowired
    ConnectionFactory connectionFactory;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    @Autowired
    uk.safeguarding.hub.delivery.FollowUp followUp;

    @Autowired
    org.apache.camel.ProducerTemplate producer;

    @Autowired
    uk.safeguarding.hub.report.DisclosureLog disclosures;

    /** The shares (and notices) already opened and validated as FHIR R4, by delivery id. */
    final java.util.Set<String> validated = new java.util.HashSet<>();

    /** What this scenario sent that names or describes a person: none of it may be in the database in clear. */
    final java.util.Set<String> personal = new java.util.TreeSet<>();

    /** Every share the receipts of this scenario announced: "hub id, agency, basis". */
    final java.util.Set<String> announced = new java.util.TreeSet<>();

    @TestFactory
    Stream<DynamicTest> everyScenario() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(SCENARIOS)) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(15);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> run(f)));
    }

    /** After the last scenario (JUnit runs this once, after every dynamic test): the shared context's next test starts clean. */
    @org.junit.jupiter.api.AfterEach
    void leaveNothingBehind() {
        reset();
    }

    @Autowired
    uk.safeguarding.hub.retention.Retention retention;

    /**
     * Retention over the running hub, as if nine years had passed: two families' shares, acknowledged; one family
     * under legal hold (placed through the API). Pruning removes the other family's messages and the start of the
     * audit trail, keeps the held family's whole, and the audit still verifies; the figures are in the API.
     */
    @Test
    void pruningRemovesWhatIsPastItsTimeKeepsAHeldFamilyAndTheAuditStillVerifies() throws Exception {
        reset();
        String other = "9990000018";
        String held = "9990000522";
        dropoutFor("gp", other, "9990000026");
        dropoutFor("gp", held, "9990000530");
        await().atMost(20, TimeUnit.SECONDS).until(() -> mailbox("gp").size() == 2);
        drain("gp");
        await().atMost(20, TimeUnit.SECONDS)
                .until(() -> jdbc.queryForObject(
                                "SELECT COUNT(*) FROM delivery WHERE status <> 'ACKED' AND recipient_agency = 'gp'",
                                Integer.class)
                        == 0);
        var hold = People.officer(port)
                .send("POST", "/api/legal-holds?nhsNumber=" + held + "&reason=practice%20review", "", "text/plain");
        assertThat(hold.statusCode()).as(hold.body()).isEqualTo(201);
        int heldEntries = jdbc.queryForObject(
                "SELECT COUNT(*) FROM audit_entry WHERE subject_nhs IN (?, ?)",
                Integer.class,
                vault.index(held),
                vault.index("9990000530"));

        Map<String, Integer> pruned = retention.prune(java.time.Instant.now().plus(java.time.Duration.ofDays(9 * 365)));

        assertThat(pruned.get("audit-entries")).isPositive();
        assertThat(pruned.get("delivered-shares")).isPositive();
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM inbound_message WHERE subject_nhs = ?",
                        Integer.class,
                        vault.index(other)))
                .isZero();
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM inbound_message WHERE subject_nhs = ?", Integer.class, vault.index(held)))
                .isEqualTo(2);
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM audit_entry WHERE subject_nhs IN (?, ?)",
                        Integer.class,
                        vault.index(held),
                        vault.index("9990000530")))
                .isEqualTo(heldEntries);
        assertThat(disclosures.of(held).entries())
                .extracting(d -> d.recipient())
                .contains("gp");
        assertThat(People.ops(port).get("/api/audit/verify").body()).contains("\"valid\":true");
        JsonNode figures = JSON.readTree(People.ops(port).get("/api/retention").body());
        assertThat(figures.get("keptForDays").get("audit-entries").asInt()).isEqualTo(2920);
        assertThat(figures.get("pruned")
                        .get("kinds")
                        .valueStream()
                        .filter(k -> k.get("kind").asString().equals("audit-entries"))
                        .findFirst()
                        .orElseThrow()
                        .get("lastRun")
                        .asInt())
                .isEqualTo(pruned.get("audit-entries"));
        assertThat(People.ops(port).get("/api/legal-holds").statusCode()).isEqualTo(403);
        reset();
    }

    @SuppressWarnings("unchecked")
    void run(Path file) throws Exception {
        Map<String, Object> scenario = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        reset();
        announced.clear();
        validated.clear();
        personal.clear();
        Map<String, String> hubIds = new HashMap<>();
        int n = 0;
        for (Map<String, Object> step : (List<Map<String, Object>>) scenario.get("steps")) {
            n++;
            String where = file.getFileName() + " step " + n;
            if (step.containsKey("send")) {
                send(step, hubIds, where);
            }
            if (step.containsKey("followUp")) {
                // The follow-up as it will look that many days from now: what is overdue then is raised now.
                int days = ((Number) step.get("followUp")).intValue();
                producer.sendBody(
                        "direct:relay", followUp.check(java.time.Instant.now().plus(java.time.Duration.ofDays(days))));
            }
            validateNewShares(where);
            if (step.containsKey("mailbox")) {
                expectMailboxes((Map<String, Object>) step.get("mailbox"), where);
            }
            if (step.containsKey("fetch")) {
                // The agency fetches (reads) every message of these events in its mailbox, without acknowledging.
                for (var e : ((Map<String, List<String>>) step.get("fetch")).entrySet()) {
                    for (JsonNode entry : mailbox(e.getKey())) {
                        if (e.getValue().contains(entry.get("event").asString())) {
                            assertThat(as(e.getKey())
                                            .getBytes("/mailbox/messages/"
                                                    + entry.get("id").asString())
                                            .statusCode())
                                    .as(where)
                                    .isEqualTo(200);
                        }
                    }
                }
            }
            if (step.containsKey("explain")) {
                expectExplanation((Map<String, Object>) step.get("explain"), hubIds, where);
            }
            if (step.containsKey("disclosures")) {
                expectDisclosures((Map<String, Object>) step.get("disclosures"), where);
            }
            if (step.containsKey("chronology")) {
                expectChronology((Map<String, Map<String, Object>>) step.get("chronology"), where);
            }
            if (step.containsKey("report")) {
                expectReport((Map<String, Object>) step.get("report"), where);
            }
            if (step.containsKey("ack")) {
                for (String agency : (List<String>) step.get("ack")) {
                    drain(agency);
                }
            }
            if (step.containsKey("audit")) {
                ((Map<String, Object>) step.get("audit"))
                        .forEach((type, count) -> assertThat(jdbc.queryForObject(
                                        "SELECT COUNT(*) FROM audit_entry WHERE entry_type = ?", Integer.class, type))
                                .as(where + ": audit entries of type " + type)
                                .isEqualTo(((Number) count).intValue()));
            }
        }
        // The disclosure log of every person the scenario was about lists every share its receipts announced, and
        // nothing else.
        java.util.Set<String> logged = new java.util.TreeSet<>();
        java.util.Set<String> subjects = new java.util.TreeSet<>();
        for (String sealed : jdbc.queryForList(
                "SELECT subject_sealed FROM inbound_message WHERE subject_sealed IS NOT NULL", String.class)) {
            subjects.add(vault.openText(uk.safeguarding.hub.vault.Purpose.CONTENT, sealed, "inbound_message.subject"));
        }
        for (String nhs : subjects) {
            var log = disclosures.of(nhs);
            log.entries().forEach(d -> {
                assertThat(d.aboutNhs())
                        .as(file + ": disclosure about")
                        .isIn(nhs, log.children().toArray());
                logged.add(d.hubMessageId() + " " + d.recipient() + " " + d.basis());
            });
        }
        assertThat(logged).as(file + ": the disclosure logs").isEqualTo(announced);
        assertThat(validated)
                .as(file + ": every share and notice was opened and checked")
                .containsAll(jdbc.queryForList("SELECT delivery_id FROM delivery", String.class));
        assertThat(People.ops(port).get("/api/audit/verify").body())
                .as(file + ": audit chain")
                .contains("\"valid\":true");
        nothingPersonalInADump(file, subjects);
    }

    /**
     * The proof of protection at rest: a dump of the whole database (H2's SCRIPT, as a backup would take it) holds
     * none of the NHS numbers, names or free text this scenario sent, and the lookups by NHS number still find
     * what they should (the disclosure logs above, the audit search by subject here).
     */
    void nothingPersonalInADump(Path file, java.util.Set<String> subjects) throws Exception {
        StringBuilder dump = new StringBuilder();
        jdbc.query("SCRIPT", rs -> {
            dump.append(rs.getString(1)).append('\n');
        });
        assertThat(personal).as(file + ": what was sent").isNotEmpty();
        for (String value : personal) {
            int at = Dumps.standingAlone(dump, value);
            assertThat(at)
                    .as(file + ": \"" + value + "\" in a dump of the database, at: " + Dumps.around(dump, at))
                    .isEqualTo(-1);
        }
        AgencyClient officer = subjects.isEmpty() ? null : People.officer(port);
        for (String nhs : subjects) {
            var search = officer.get("/api/audit?subject=" + nhs + "&limit=5");
            assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
            assertThat(search.body())
                    .as(file + ": the audit searched by " + nhs)
                    .contains(nhs);
        }
    }

    /** NHS numbers, names and free text in a message as sent. */
    void notePersonal(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (RuntimeException notJson) {
            return;
        }
        root.findValues("identifier")
                .forEach(ids -> ids.valueStream()
                        .filter(id ->
                                id.has("system") && id.get("system").asString().contains("nhs-number"))
                        .forEach(id -> personal.add(id.get("value").asString())));
        root.findValues("family").forEach(v -> personal.add(v.asString()));
        root.findValues("given").forEach(v -> v.valueStream().forEach(g -> personal.add(g.asString())));
        for (String field : List.of("text", "valueString", "comment", "description")) {
            root.findValues(field).stream()
                    .filter(JsonNode::isString)
                    .map(JsonNode::asString)
                    .filter(t -> t.length() >= 20)
                    .forEach(personal::add);
        }
    }

    /**
     * Opens every sealed copy waiting to be collected that is not yet checked, as its recipient would, and validates
     * the FHIR inside with HAPI's R4 validator (copies in HL7 v2 are checked by the HL7 tests). Read from the hub's
     * database, so that checking does not count as the agency fetching it.
     */
    void validateNewShares(String where) throws Exception {
        for (var row : jdbc.queryForList("SELECT d.delivery_id, d.recipient_agency, d.event, p.payload FROM delivery d"
                + " JOIN delivery_payload p ON p.delivery_id = d.delivery_id")) {
            String id = (String) row.get("DELIVERY_ID");
            if (!validated.add(id)) {
                continue;
            }
            String agency = (String) row.get("RECIPIENT_AGENCY");
            String content = FhirValidation.open(agency, (byte[]) row.get("PAYLOAD"));
            if (content.startsWith("{")) {
                FhirValidation.assertValid(where + ": " + row.get("EVENT") + " share for " + agency, content);
            }
        }
    }

    private static final java.util.regex.Pattern DAYS_FROM_TODAY =
            java.util.regex.Pattern.compile("\\$\\{today([+-]\\d+)?}");

    /**
     * A scenario message as sent: {@code ${hubId:name}} becomes the hub id of the step so named, and
     * {@code ${today}}, {@code ${today+N}}, {@code ${today-N}} the date N days from today in London, so that due dates
     * and births stay as near to the day the suite runs as the scenario says.
     */
    static String fill(String body, Map<String, String> hubIds) {
        for (var e : hubIds.entrySet()) {
            body = body.replace("${hubId:" + e.getKey() + "}", e.getValue());
        }
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/London"));
        return DAYS_FROM_TODAY
                .matcher(body)
                .replaceAll(m -> today.plusDays(m.group(1) == null ? 0 : Long.parseLong(m.group(1)))
                        .toString());
    }

    /** An officer's explain of a message (nothing stored or sent): what minimum necessary would remove, per agency. */
    @SuppressWarnings("unchecked")
    void expectExplanation(Map<String, Object> step, Map<String, String> hubIds, String where) throws Exception {
        String body = fill(Files.readString(SCENARIOS.resolve("messages").resolve((String) step.get("send"))), hubIds);
        var response = People.officer(port).send("POST", "/api/decisions/explain", body, "application/fhir+json");
        assertThat(response.statusCode())
                .as(where + ": explain " + response.body())
                .isEqualTo(200);
        JsonNode decisions = JSON.readTree(response.body()).get("decisions");
        ((Map<String, List<String>>) step.getOrDefault("removed", Map.of())).forEach((agency, texts) -> {
            JsonNode decision = decisions
                    .valueStream()
                    .filter(d -> agency.equals(d.get("agency").asString()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(where + ": no explained decision for " + agency));
            String removed = decision.get("removed").toString();
            texts.forEach(t -> assertThat(removed)
                    .as(where + ": explained removal for " + agency)
                    .contains(t));
        });
    }

    /**
     * The disclosure log of a person as a subject access response gets it, CSV and PDF (its text, read back with
     * PDFBox): texts it has and must not have.
     */
    @SuppressWarnings("unchecked")
    void expectDisclosures(Map<String, Object> step, String where) throws Exception {
        var log = disclosures.of((String) step.get("of"));
        String csv = uk.safeguarding.hub.report.DisclosureExport.csv(log);
        String pdf;
        try (var doc = org.apache.pdfbox.Loader.loadPDF(
                uk.safeguarding.hub.report.DisclosureExport.pdf(log, java.time.Instant.now()))) {
            pdf = new org.apache.pdfbox.text.PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
        }
        for (String text : (List<String>) step.getOrDefault("contains", List.of())) {
            assertThat(csv).as(where + ": the disclosure log (CSV)").contains(text);
            assertThat(pdf).as(where + ": the disclosure log (PDF)").contains(text);
        }
        for (String text : (List<String>) step.getOrDefault("lacks", List.of())) {
            assertThat(csv).as(where + ": the disclosure log (CSV)").doesNotContainIgnoringCase(text);
            assertThat(pdf).as(where + ": the disclosure log (PDF)").doesNotContainIgnoringCase(text);
        }
    }

    /** This quarter's monitoring figures (the audit holds only this scenario's entries): those named, as given. */
    void expectReport(Map<String, Object> expected, String where) throws Exception {
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/London"));
        String quarter = today.getYear() + "-Q" + ((today.getMonthValue() - 1) / 3 + 1);
        var response = People.officer(port).get("/api/reports/quarterly?quarter=" + quarter);
        assertThat(response.statusCode()).as(where).isEqualTo(200);
        JsonNode figures = JSON.readTree(response.body());
        for (var e : expected.entrySet()) {
            assertThat(figures.get(e.getKey()))
                    .as(where + " figure " + e.getKey())
                    .isEqualTo(JSON.valueToTree(e.getValue()));
        }
    }

    /** Each agency's chronology of a person: its events oldest first, texts it contains and texts it must not. */
    @SuppressWarnings("unchecked")
    void expectChronology(Map<String, Map<String, Object>> expected, String where) throws Exception {
        for (var e : expected.entrySet()) {
            Map<String, Object> spec = e.getValue();
            var response = as(e.getKey()).get("/mailbox/chronology?nhsNumber=" + spec.get("of"));
            assertThat(response.statusCode()).as(where).isEqualTo(200);
            JsonNode list = JSON.readTree(response.body());
            assertThat(list.valueStream().map(n -> n.get("event").asString()).toList())
                    .as(where + " chronology of " + e.getKey())
                    .isEqualTo(spec.get("events"));
            for (String text : (List<String>) spec.getOrDefault("contains", List.of())) {
                assertThat(response.body()).as(where).contains(text);
            }
            for (String text : (List<String>) spec.getOrDefault("lacks", List.of())) {
                assertThat(response.body()).as(where).doesNotContain(text);
            }
        }
    }

    @SuppressWarnings("unchecked")
    void send(Map<String, Object> step, Map<String, String> hubIds, String where) throws Exception {
        String body = fill(Files.readString(SCENARIOS.resolve("messages").resolve((String) step.get("send"))), hubIds);
        notePersonal(body);
        var response = as((String) step.get("as")).post(PROCESS, body);
        Map<String, Object> expect = (Map<String, Object>) step.getOrDefault("expect", Map.of());
        int status = ((Number) expect.getOrDefault("status", 200)).intValue();
        assertThat(response.statusCode())
                .as(where + ": HTTP status; body " + response.body())
                .isEqualTo(status);
        FhirValidation.assertValid(where + (status == 200 ? ": the receipt" : ": the refusal"), response.body());
        if (status != 200) {
            if (expect.containsKey("refusal")) {
                assertThat(response.body()).as(where + ": refusal").contains((String) expect.get("refusal"));
            }
            return;
        }
        Map<String, Map<String, List<String>>> decisions = parts(response.body());
        String hubId = JSON.readTree(response.body())
                .get("entry")
                .get(1)
                .get("resource")
                .get("parameter")
                .get(0)
                .get("valueString")
                .asString();
        if (step.containsKey("name")) {
            hubIds.put((String) step.get("name"), hubId);
        }
        decisions.forEach((agency, d) -> {
            if ("SHARE".equals(first(d, "decision"))) {
                announced.add(hubId + " " + agency + " " + first(d, "basis"));
            }
        });
        ((Map<String, String>) expect.getOrDefault("decisions", Map.of())).forEach((agency, expected) -> {
            Map<String, List<String>> d = decisions.get(agency);
            assertThat(d).as(where + ": a decision for " + agency).isNotNull();
            String[] words = expected.split(" ");
            assertThat(first(d, "decision"))
                    .as(where + ": decision for " + agency + " " + d)
                    .isEqualTo(words[0]);
            if (words.length > 1) {
                String actual = words[0].equals("SHARE") ? first(d, "basis") : first(d, "withheldBecause");
                assertThat(actual)
                        .as(where + ": basis or reason for " + agency + " " + d)
                        .isEqualTo(words[1]);
            }
        });
        expectParts(expect, "informSubject", decisions, where);
        expectParts(expect, "urgent", decisions, where);
        ((Map<String, Object>) expect.getOrDefault("duplicate", Map.of()))
                .forEach((agency, yes) -> assertThat(decisions.get(agency).containsKey("duplicateOf"))
                        .as(where + ": " + agency + " marked duplicate")
                        .isEqualTo(yes));
        ((Map<String, String>) expect.getOrDefault("reason", Map.of()))
                .forEach((agency, text) -> assertThat(decisions.get(agency).getOrDefault("reason", List.of()))
                        .as(where + ": reasons for " + agency)
                        .anyMatch(r -> r.contains(text)));
        ((Map<String, List<String>>) expect.getOrDefault("removed", Map.of())).forEach((agency, texts) -> {
            String detail = (String) auditEntries("DECIDED").stream()
                    .filter(e -> hubId.equals(e.get("HUB_MESSAGE_ID")) && agency.equals(e.get("AGENCY")))
                    .findFirst()
                    .orElseThrow()
                    .get("DETAIL");
            texts.forEach(t ->
                    assertThat(detail).as(where + ": removed for " + agency).contains(t));
        });
        ((Map<String, Map<String, List<String>>>) expect.getOrDefault("shared", Map.of())).forEach((agency, texts) -> {
            byte[] sealed = jdbc.queryForObject(
                    "SELECT p.payload FROM delivery d JOIN delivery_payload p ON p.delivery_id = d.delivery_id"
                            + " WHERE d.hub_message_id = ? AND d.recipient_agency = ?",
                    byte[].class,
                    hubId,
                    agency);
            String content;
            try {
                content = FhirValidation.open(agency, sealed);
            } catch (Exception e) {
                throw new AssertionError(where + ": cannot open the share for " + agency, e);
            }
            texts.getOrDefault("contains", List.of())
                    .forEach(t -> assertThat(content)
                            .as(where + ": the share for " + agency)
                            .contains(t));
            texts.getOrDefault("lacks", List.of())
                    .forEach(t -> assertThat(content)
                            .as(where + ": the share for " + agency)
                            .doesNotContain(t));
        });
        Object version = expect.get("ruleVersionRecorded");
        if (Boolean.TRUE.equals(version)) {
            assertThat(jdbc.queryForObject(
                            "SELECT COUNT(*) FROM decision WHERE hub_message_id = ? AND rule_id IS NOT"
                                    + " NULL AND rule_version IS NULL",
                            Integer.class,
                            hubId))
                    .isZero();
        }
    }

    @SuppressWarnings("unchecked")
    void expectMailboxes(Map<String, Object> expected, String where) {
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> {
            for (var e : expected.entrySet()) {
                JsonNode box = mailbox(e.getKey());
                if (e.getValue() instanceof List<?> events) {
                    assertThat(box.valueStream()
                                    .map(m -> m.get("event").asString())
                                    .sorted()
                                    .toList())
                            .as(where + ": mailbox of " + e.getKey())
                            .isEqualTo(events.stream().sorted().toList());
                } else {
                    Map<String, Object> spec = (Map<String, Object>) e.getValue();
                    assertThat(box.valueStream()
                                    .map(m -> m.get("event").asString())
                                    .sorted()
                                    .toList())
                            .as(where + ": mailbox of " + e.getKey())
                            .isEqualTo(((List<String>) spec.get("events"))
                                    .stream().sorted().toList());
                    if (spec.containsKey("duplicates")) {
                        assertThat(box.valueStream()
                                        .filter(m -> m.hasNonNull("duplicateOf"))
                                        .count())
                                .as(where + ": duplicates in " + e.getKey())
                                .isEqualTo(((Number) spec.get("duplicates")).longValue());
                    }
                    if (spec.containsKey("firstUrgent")) {
                        assertThat(box.get(0).get("urgent").asBoolean())
                                .as(where + ": urgent first")
                                .isTrue();
                    }
                }
            }
        });
    }

    void expectParts(
            Map<String, Object> expect, String part, Map<String, Map<String, List<String>>> decisions, String where) {
        @SuppressWarnings("unchecked")
        Map<String, Object> wanted = (Map<String, Object>) expect.getOrDefault(part, Map.of());
        wanted.forEach((agency, value) -> assertThat(first(decisions.get(agency), part))
                .as(where + ": " + part + " for " + agency)
                .isEqualTo(String.valueOf(value)));
    }

    static String first(Map<String, List<String>> parts, String name) {
        List<String> values = parts.get(name);
        return values == null ? null : values.get(0);
    }

    /** The receipt's decisions: agency, then each part name with its values (a decision has several reasons). */
    static Map<String, Map<String, List<String>>> parts(String receipt) {
        Map<String, Map<String, List<String>>> out = new TreeMap<>();
        for (JsonNode p :
                JSON.readTree(receipt).get("entry").get(1).get("resource").get("parameter")) {
            if (!p.get("name").asString().equals("decision")) {
                continue;
            }
            Map<String, List<String>> parts = new HashMap<>();
            for (JsonNode part : p.get("part")) {
                JsonNode value = part.properties().stream()
                        .filter(e -> e.getKey().startsWith("value"))
                        .findFirst()
                        .orElseThrow()
                        .getValue();
                parts.computeIfAbsent(part.get("name").asString(), k -> new ArrayList<>())
                        .add(value.asString());
            }
            out.put(parts.get("agency").get(0), parts);
        }
        return out;
    }

    /** Empty registers, mailboxes and audit trail; the rule history stays. */
    void reset() {
        await().atMost(20, TimeUnit.SECONDS)
                .until(() -> jdbc.queryForObject(
                                "SELECT COUNT(*) FROM delivery WHERE status IN ('PENDING', 'RECALLING')", Integer.class)
                        == 0);
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(50);
        for (String agency : AGENCIES) {
            while (jms.receive(Outbox.queueFor(agency)) != null) {
                // drained
            }
        }
        // Holding the chain head's lock, as every append does, so that a background append (a sweep, a retry)
        // lands either before the wipe or after it, never in the middle.
        tx.executeWithoutResult(status -> {
            jdbc.queryForMap("SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE");
            for (String table : List.of(
                    "inbound_message",
                    "decision",
                    "delivery",
                    "family_link",
                    "partner_link",
                    "follow_up",
                    "safeguarding_flag",
                    "consent_record",
                    "involvement",
                    "quarantine",
                    "referral_record",
                    "request_record",
                    "disclosure_withheld",
                    "legal_hold",
                    "pruning_run",
                    "audit_cut",
                    "audit_entry")) {
                jdbc.update("DELETE FROM " + table);
            }
            jdbc.update("UPDATE audit_head SET seq = 0, hash = ? WHERE id = 1", "0".repeat(64));
            try {
                // The signed checkpoints would (rightly) call the emptied chain cut short.
                java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(DATA, "audit", "checkpoints"));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
