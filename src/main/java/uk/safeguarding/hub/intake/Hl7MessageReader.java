package uk.safeguarding.hub.intake;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.message.ACK;
import ca.uhn.hl7v2.preparser.PreParser;
import ca.uhn.hl7v2.util.Terser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.UUID;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.message.Event;
import uk.safeguarding.hub.message.FhirSystems;
import uk.safeguarding.hub.message.Hl7Contexts;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.MessageRefused;
import uk.safeguarding.hub.message.NhsNumber;
import uk.safeguarding.hub.message.OtherPeople;

/**
 * HL7 v2.5.1 intake (docs/messages.md): HAPI parses the ER7 text; {@code ORU^R01} becomes a screening result and
 * {@code ADT^A03} a treatment dropout, written as the FHIR message their FHIR twin would be and read by the same
 * {@link FhirMessageReader}, so both reach the same decisions. Linked children come from the registers. A message
 * HAPI cannot parse is refused with issue code {@code structure} (answered AR); one it parses but the hub will not
 * accept with the reason (answered AE).
 */
@Component
public class Hl7MessageReader {

    static final String UNPARSEABLE = "structure";
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

    private final HapiContext hapi = Hl7Contexts.create();
    private final FhirMessageReader fhirReader;

    public Hl7MessageReader(FhirMessageReader fhirReader) {
        this.fhirReader = fhirReader;
    }

    public InboundMessage read(byte[] er7, String authenticatedAgency) {
        return FhirMessageReader.refuseWhatCannotBeRead(() -> readParsed(er7, authenticatedAgency));
    }

    private InboundMessage readParsed(byte[] er7, String authenticatedAgency) {
        Message message = parse(er7);
        Terser t = new Terser(message);
        String type = value(t, "/MSH-9-1") + "^" + value(t, "/MSH-9-2");
        if (!"2.5.1".equals(value(t, "/MSH-12-1"))) {
            throw new MessageRefused(
                    400, "invalid", "only HL7 v2.5.1 is accepted, not " + value(t, "/MSH-12-1"), "203");
        }
        Bundle bundle = switch (type) {
            case "ORU^R01" -> screeningResult(t);
            case "ADT^A03" -> dropout(t);
            default ->
                throw new MessageRefused(
                        400, "invalid", "unsupported message type " + type + " (ORU^R01, ADT^A03)", "200");
        };
        return fhirReader.toMessage(bundle, authenticatedAgency, Instant.now());
    }

    Message parse(byte[] er7) {
        String text = new String(er7, StandardCharsets.UTF_8);
        if (!text.startsWith("MSH")) {
            throw new MessageRefused(400, UNPARSEABLE, "not an HL7 v2 message: it must start with MSH", "102");
        }
        try {
            return hapi.getPipeParser().parse(text);
        } catch (HL7Exception | RuntimeException e) {
            throw new MessageRefused(400, UNPARSEABLE, "cannot parse the HL7 v2 message: " + e.getMessage(), "102");
        }
    }

    private Bundle screeningResult(Terser t) {
        String pid = "/PATIENT_RESULT/PATIENT/PID";
        Bundle bundle = message(t, Event.SCREENING_RESULT, "Observation/o1");
        Patient patient = patient(t, pid);
        Observation o = new Observation();
        o.setId("o1");
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.getCode().setText(orElse(value(t, "/PATIENT_RESULT/ORDER_OBSERVATION/OBR-4-2"), "Drug screen"));
        o.setSubject(new Reference("Patient/p1"));
        String when = value(t, "/PATIENT_RESULT/ORDER_OBSERVATION/OBR-7-1");
        if (when != null) {
            o.setEffective(new DateTimeType(Date.from(instant(when))));
        }
        String specimen = value(t, "/PATIENT_RESULT/ORDER_OBSERVATION/OBR-15-1-2");
        if (specimen != null) {
            o.getSpecimen().setDisplay(specimen);
        }
        for (int i = 0; ; i++) {
            String obx = "/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION(" + i + ")/OBX";
            if (value(t, obx + "-1") == null && value(t, obx + "-3-1") == null) {
                break;
            }
            String result = value(t, obx + "-5-1");
            if (!"POS".equals(result) && !"NEG".equals(result)) {
                throw MessageRefused.invalid("OBX " + (i + 1) + ": the value must be POS or NEG, not " + result);
            }
            Observation.ObservationComponentComponent c = o.addComponent();
            c.setCode(new CodeableConcept()
                    .setText(orElse(value(t, obx + "-3-2"), value(t, obx + "-3-1")))
                    .addCoding(new Coding(null, value(t, obx + "-3-1"), value(t, obx + "-3-2"))));
            c.addInterpretation().addCoding(new Coding(INTERPRETATION, result, null));
        }
        if (o.getComponent().isEmpty()) {
            throw MessageRefused.invalid("a drug screen needs at least one OBX with a substance and POS or NEG");
        }
        notes(t, "/PATIENT_RESULT/ORDER_OBSERVATION", o);
        for (int i = 0; i < o.getComponent().size(); i++) {
            notes(t, "/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION(" + i + ")", o);
        }
        add(bundle, patient);
        add(bundle, o);
        return bundle;
    }

    /**
     * The NTE segments of a group, as the observation's notes. A note whose comment type (NTE-4) is {@code NOPAT}
     * is about another person (a relative's account, say) and carries the label that keeps it from anyone but
     * children's social care on a statutory basis.
     */
    private static void notes(Terser t, String group, Observation o) {
        for (int i = 0; i < 20; i++) {
            String nte = group + "/NTE(" + i + ")";
            String text = value(t, nte + "-3");
            if (text == null) {
                return;
            }
            Annotation note = o.addNote().setText(text);
            if (OtherPeople.CODE.equals(value(t, nte + "-4-1"))) {
                note.addExtension(OtherPeople.inlineLabel());
            }
        }
    }

    private Bundle dropout(Terser t) {
        Bundle bundle = message(t, Event.TREATMENT_DROPOUT, "EpisodeOfCare/ep1");
        Patient patient = patient(t, "/PID");
        EpisodeOfCare episode = new EpisodeOfCare();
        episode.setId("ep1");
        episode.setStatus(EpisodeOfCare.EpisodeOfCareStatus.FINISHED);
        episode.addType().addCoding(new Coding(FhirMessageReader.TREATMENT_STATUS_SYSTEM, "disengaged", null));
        episode.setPatient(new Reference("Patient/p1"));
        String start = value(t, "/PV1-44-1");
        String end = value(t, "/PV1-45-1");
        if (start != null) {
            episode.getPeriod().setStartElement(new DateTimeType(Date.from(instant(start))));
        }
        if (end != null) {
            episode.getPeriod().setEndElement(new DateTimeType(Date.from(instant(end))));
        }
        add(bundle, patient);
        add(bundle, episode);
        return bundle;
    }

    private Bundle message(Terser t, Event event, String focus) {
        String controlId = value(t, "/MSH-10");
        if (controlId == null) {
            throw MessageRefused.invalid("MSH-10 (the message control id) is required");
        }
        String sender = value(t, "/MSH-4-1");
        if (sender == null) {
            throw MessageRefused.invalid("MSH-4 (the sending agency id) is required");
        }
        Bundle bundle = new Bundle();
        String id = controlId.replaceAll("[^A-Za-z0-9\\-.]", "-");
        bundle.setId(id.length() > 64 ? id.substring(0, 64) : id);
        bundle.setType(Bundle.BundleType.MESSAGE);
        MessageHeader header = new MessageHeader();
        header.setId("hdr");
        header.setEvent(new Coding(Event.SYSTEM, event.code(), null));
        header.getSender().getIdentifier().setSystem(FhirSystems.AGENCY).setValue(sender);
        header.getSource().setEndpoint("urn:agency:" + sender);
        header.addFocus(new Reference(focus));
        add(bundle, header);
        return bundle;
    }

    private Patient patient(Terser t, String pid) {
        Patient p = new Patient();
        p.setId("p1");
        String nhs = null;
        for (int i = 0; i < 10 && nhs == null; i++) {
            String id = value(t, pid + "-3(" + i + ")-1");
            if (id == null) {
                break;
            }
            if ("NHS".equals(value(t, pid + "-3(" + i + ")-4-1")) || "NH".equals(value(t, pid + "-3(" + i + ")-5"))) {
                nhs = id;
            }
        }
        if (nhs == null) {
            throw MessageRefused.invalid("PID-3 needs the NHS number (assigning authority NHS, identifier type NH)");
        }
        if (!NhsNumber.isValid(nhs)) {
            throw MessageRefused.invalid("NHS number '" + nhs + "' in PID-3 is not a valid NHS number");
        }
        p.addIdentifier().setSystem(NhsNumber.SYSTEM).setValue(nhs);
        String family = value(t, pid + "-5-1-1");
        if (family != null) {
            p.addName().setFamily(family).addGiven(value(t, pid + "-5-2"));
        }
        String birth = value(t, pid + "-7-1");
        if (birth != null && birth.length() >= 8) {
            LocalDate d = LocalDate.parse(birth.substring(0, 8), DateTimeFormatter.BASIC_ISO_DATE);
            p.setBirthDateElement(new DateType(d.getYear(), d.getMonthValue() - 1, d.getDayOfMonth()));
        }
        return p;
    }

    /** An ACK (v2.5.1) answering the message: AA, AE or AR, with the reason in MSA-3 and ERR when refused. */
    public String acknowledge(byte[] er7, String code, String text, String errorCode) {
        String[] msh = new String[] {null, null, null, null, null};
        try {
            msh = PreParser.getFields(
                    new String(er7, StandardCharsets.UTF_8), "MSH-10", "MSH-3", "MSH-4", "MSH-9-2", "MSH-11");
        } catch (HL7Exception | RuntimeException e) {
            // A message without a readable MSH still gets an AR, just without the ids it did not give.
        }
        try {
            ACK ack = new ACK(hapi.getModelClassFactory());
            ack.setParser(hapi.getPipeParser()); // its control id from our generator, not HAPI's counter file
            ack.initQuickstart("ACK", msh[3] == null ? "R01" : msh[3], msh[4] == null ? "P" : msh[4]);
            Terser t = new Terser(ack);
            t.set("/MSH-3-1", "safeguarding-hub");
            t.set("/MSH-4-1", "safeguarding-hub");
            set(t, "/MSH-5-1", msh[1]);
            set(t, "/MSH-6-1", msh[2]);
            t.set("/MSH-10", UUID.randomUUID().toString().substring(0, 20));
            t.set("/MSA-1", code);
            set(t, "/MSA-2", msh[0]);
            // Reasons quote what the sender sent: control characters would break the ACK's own segments.
            String clean = text == null ? null : text.replaceAll("\\p{Cntrl}", " ");
            set(t, "/MSA-3", clean == null ? null : clean.length() > 80 ? clean.substring(0, 80) : clean);
            if (!"AA".equals(code)) {
                t.set("/ERR-3-1", errorCode);
                t.set("/ERR-3-3", "HL70357");
                t.set("/ERR-4", "E");
                set(t, "/ERR-8", clean);
            }
            return hapi.getPipeParser().encode(ack);
        } catch (HL7Exception | java.io.IOException e) {
            throw new IllegalStateException("cannot build an ACK", e);
        }
    }

    private static void set(Terser t, String path, String value) throws HL7Exception {
        if (value != null) {
            t.set(path, value);
        }
    }

    private static void add(Bundle bundle, Resource r) {
        bundle.addEntry()
                .setFullUrl("urn:uuid:"
                        + UUID.nameUUIDFromBytes(
                                (bundle.getId() + r.fhirType() + r.getId()).getBytes(StandardCharsets.UTF_8)))
                .setResource(r);
    }

    private static String value(Terser t, String path) {
        try {
            String v = t.get(path);
            return v == null || v.isBlank() ? null : v;
        } catch (HL7Exception | RuntimeException e) {
            return null;
        }
    }

    private static String orElse(String a, String b) {
        return a != null ? a : b;
    }

    /** HL7 DTM (YYYYMMDD[HHMM[SS]][+ZZZZ]); no offset means London time. */
    static Instant instant(String dtm) {
        try {
            String digits = dtm.replaceAll("[+-]\\d{4}$", "");
            String padded = (digits + "000000").substring(0, 14);
            LocalDateTime local = LocalDateTime.parse(padded, DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
            if (dtm.matches(".*[+-]\\d{4}$")) {
                String off = dtm.substring(dtm.length() - 5);
                return local.atOffset(java.time.ZoneOffset.of(off.substring(0, 3) + ":" + off.substring(3)))
                        .toInstant();
            }
            return local.atZone(LONDON).toInstant();
        } catch (RuntimeException e) {
            throw MessageRefused.invalid("'" + dtm + "' is not an HL7 date and time");
        }
    }
}
