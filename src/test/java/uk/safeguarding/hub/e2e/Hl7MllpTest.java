package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * HL7 v2 over MLLP with TLS, end to end: camel-mllp as the agency's client, with the agency's development
 * certificate; every ACK code; a v2 message and its FHIR twin reach the same decisions.
 */
class Hl7MllpTest extends HubTestBase {

    static final String ORU = "src/test/resources/messages/examples/screening-result-oru-r01.hl7";
    static final String ADT = "src/test/resources/messages/hl7/dropout-adt-a03.hl7";

    @Autowired
    CamelContext camel;

    MllpClient mllp;

    @org.junit.jupiter.api.BeforeEach
    void connect() {
        mllp = new MllpClient(camel, MLLP_PORT);
    }

    @org.junit.jupiter.api.AfterEach
    void disconnect() {
        mllp.close();
    }

    /** Sends over MLLP as the agency and returns the ACK the hub answered with. */
    String send(String agency, String er7) {
        Exchange exchange = mllp.exchange(agency, er7.getBytes(StandardCharsets.UTF_8));
        String ack = exchange.getMessage().getHeader("CamelMllpAcknowledgementString", String.class);
        assertThat(ack).as("an ACK; exception: " + exchange.getException()).isNotNull();
        return ack;
    }

    static String field(String ack, String segment, int n) {
        for (String line : ack.split("\r")) {
            if (line.startsWith(segment + "|")) {
                String[] f = line.split("\\|", -1);
                return f.length > n ? f[n] : "";
            }
        }
        return null;
    }

    Map<String, String> storedDecisions(String hubId) {
        Map<String, String> out = new TreeMap<>();
        jdbc.query(
                "SELECT agency, outcome, basis FROM decision WHERE hub_message_id = ?",
                rs -> {
                    out.put(rs.getString(1), rs.getString(2) + (rs.getString(3) == null ? "" : " " + rs.getString(3)));
                },
                hubId);
        return out;
    }

    /** As an officer: an agency's own explain says nothing about a family it is not yet involved with. */
    Map<String, String> explained(String agency, String fhir) throws Exception {
        JsonNode body = JSON.readTree(
                People.officer(port).post("/api/decisions/explain", fhir).body());
        Map<String, String> out = new TreeMap<>();
        body.get("decisions")
                .forEach(d -> out.put(
                        d.get("agency").asString(),
                        d.get("decision").asString()
                                + (d.get("basis").isNull()
                                        ? ""
                                        : " " + d.get("basis").asString())));
        return out;
    }

    /** A family of its own for each test: the mother's and the child's NHS numbers replaced in the text. */
    static String family(String text, String mum, String child) {
        return text.replace("9990000018", mum).replace("9990000026", child);
    }

    @Test
    void theOruExampleGetsAaAndTheSameDecisionsAsItsFhirTwin() throws Exception {
        String mum = "9990000220";
        String child = "9990000239";
        String plan = family(
                        Files.readString(Path.of("src/test/resources/scenarios/messages/kai-cpp-start.json")),
                        mum,
                        child)
                .replace("kai-cpp-start", "hl7-plan");
        assertThat(as("social-care").post(PROCESS, plan).statusCode()).isEqualTo(200);
        Map<String, String> twin = explained(
                "drug-service",
                family(
                        Files.readString(Path.of("src/test/resources/scenarios/messages/amy-screening.json")),
                        mum,
                        child));

        String oru = family(Files.readString(Path.of(ORU)), mum, child).replace("ex-oru-1", "oru-" + UUID.randomUUID());
        String ack = send("drug-service", oru);
        assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
        String hubId = field(ack, "MSA", 3).replace("accepted as ", "");
        assertThat(storedDecisions(hubId)).isEqualTo(twin).containsEntry("social-care", "SHARE CHILD_PROTECTION_PLAN");
        assertThat(field(ack, "MSA", 2)).startsWith("oru-");

        // A resend of the same control id gets AA again and adds nothing.
        assertThat(field(send("drug-service", oru), "MSA", 3)).isEqualTo("accepted as " + hubId);
    }

    @Test
    void anAdtA03IsATreatmentDropout() throws Exception {
        String mum = "9990000247";
        String child = "9990000255";
        String plan = family(
                        Files.readString(Path.of("src/test/resources/scenarios/messages/kai-cpp-start.json")),
                        mum,
                        child)
                .replace("kai-cpp-start", "hl7-plan-2");
        as("social-care").post(PROCESS, plan);
        String ack = send(
                "drug-service",
                family(Files.readString(Path.of(ADT)), mum, child).replace("ex-adt-1", "adt-" + UUID.randomUUID()));
        assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
        String hubId = field(ack, "MSA", 3).replace("accepted as ", "");
        assertThat(jdbc.queryForObject(
                        "SELECT event FROM inbound_message WHERE hub_message_id = ?", String.class, hubId))
                .isEqualTo("treatment-dropout");
        assertThat(storedDecisions(hubId)).containsEntry("social-care", "SHARE CHILD_PROTECTION_PLAN");
    }

    /** docs/decisions.md "Household adults": v2 never carries children, so a father's come from the register. */
    @Test
    void anAdtA03AndAnOruAboutAFatherOrPartnerReachTheChildsPlan() throws Exception {
        Map<String, String> people = new java.util.HashMap<>();
        java.util.function.Function<String, String> fhir = file -> {
            try {
                return DecisionPathsAgreeTest.ownFamilies(
                                ScenarioSuiteTest.fill(
                                        Files.readString(Path.of("src/test/resources/scenarios/messages/" + file)),
                                        Map.of()),
                                people)
                        .replaceFirst("\"id\": \"", "\"id\": \"hl7-household-");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        // Leo's plan names Dan as his father; Hana's pregnancy notice names Ed as her partner, under a pre-birth plan.
        assertThat(as("social-care")
                        .post(PROCESS, fhir.apply("leo-cpp-start.json"))
                        .statusCode())
                .isEqualTo(200);
        assertThat(as("social-care")
                        .post(PROCESS, fhir.apply("hana-prebirth-plan.json"))
                        .statusCode())
                .isEqualTo(200);
        assertThat(as("maternity")
                        .post(PROCESS, fhir.apply("hana-pregnancy-partner.json"))
                        .statusCode())
                .isEqualTo(200);
        String dan = people.get("9990001022");
        String ed = people.get("9990001065");

        String adt = Files.readString(Path.of(ADT))
                .replace("9990000018", dan)
                .replace("ex-adt-1", "adt-" + UUID.randomUUID());
        String adtAck = send("drug-service", adt);
        assertThat(field(adtAck, "MSA", 1)).isEqualTo("AA");
        assertThat(storedDecisions(field(adtAck, "MSA", 3).replace("accepted as ", "")))
                .containsEntry("social-care", "SHARE CHILD_PROTECTION_PLAN");

        String oru = Files.readString(Path.of(ORU))
                .replace("9990000018", ed)
                .replace("ex-oru-1", "oru-" + UUID.randomUUID());
        String oruAck = send("drug-service", oru);
        assertThat(field(oruAck, "MSA", 1)).isEqualTo("AA");
        assertThat(storedDecisions(field(oruAck, "MSA", 3).replace("accepted as ", "")))
                .containsEntry("social-care", "SHARE CHILD_PROTECTION_PLAN");
    }

    @Test
    void aMessageThatParsesButIsRefusedGetsAeWithTheReasonInErr() throws Exception {
        String oru = Files.readString(Path.of(ORU));
        String badNhs =
                send("drug-service", oru.replace("9990000018", "9990000019").replace("ex-oru-1", "ae-1"));
        assertThat(field(badNhs, "MSA", 1)).isEqualTo("AE");
        assertThat(field(badNhs, "ERR", 8)).contains("not a valid NHS number");

        String forged = send("gp", oru.replace("ex-oru-1", "ae-2"));
        assertThat(field(forged, "MSA", 1)).isEqualTo("AE");
        assertThat(field(forged, "ERR", 8)).contains("is not the authenticated agency");

        String stranger =
                send("drug-service", oru.replace("9990000018", "9990000263").replace("ex-oru-1", "ae-3"));
        assertThat(field(stranger, "MSA", 1)).isEqualTo("AE");
        assertThat(field(stranger, "ERR", 8)).contains("no linked children are known");

        String unsupported = send(
                "drug-service",
                oru.replace("ORU^R01^ORU_R01", "ADT^A01^ADT_A01").replace("ex-oru-1", "ae-4"));
        assertThat(field(unsupported, "MSA", 1)).isIn("AE", "AR");

        assertThat(quarantinedWithReason("%no linked children are known%")).isPositive();
    }

    @Test
    void whatCannotBeParsedGetsAr() throws Exception {
        // A timestamp that is no date: HAPI's validation refuses to parse it.
        String ack = send(
                "drug-service",
                "MSH|^~\\&|X|drug-service|HUB|hub|2026-11-XX||ORU^R01|ar-1|P|2.5.1\r" + "PID|1||9990000018^^^NHS^NH\r");
        assertThat(field(ack, "MSA", 1)).isEqualTo("AR");
        assertThat(field(ack, "MSA", 2)).isEqualTo("ar-1");
        String junk = send("drug-service", "this is not HL7 at all");
        assertThat(field(junk, "MSA", 1)).isEqualTo("AR");
    }

    @Test
    void aConnectionWithoutAClientCertificateGetsNoAnswer() throws Exception {
        int before = jdbc.queryForObject("SELECT COUNT(*) FROM inbound_message", Integer.class);
        Exchange exchange = mllp.exchange(null, Files.readAllBytes(Path.of(ORU)));
        assertThat(exchange.getException()).isNotNull();
        assertThat(exchange.getMessage().getHeader("CamelMllpAcknowledgementString"))
                .isNull();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbound_message", Integer.class))
                .isEqualTo(before);
    }
}
