package uk.safeguarding.hub.protect;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.AbstractMessage;
import ca.uhn.hl7v2.model.v251.message.ADT_A03;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Optional;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import uk.safeguarding.hub.message.Event;
import uk.safeguarding.hub.message.NhsNumber;

/**
 * HL7 v2.5.1 out (docs/messages.md), for agencies the register marks {@code format: HL7v2}: a screening result as
 * {@code ORU^R01} and a treatment dropout as {@code ADT^A03}, written with HAPI from the recipient's
 * minimum-necessary copy (so v2 recipients get no more than FHIR ones). Other events have no v2 mapping and go as
 * FHIR JSON.
 */
public class Hl7Writer {

    private static final DateTimeFormatter DTM =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneId.of("Europe/London"));
    private static final ca.uhn.hl7v2.HapiContext HAPI = uk.safeguarding.hub.message.Hl7Contexts.create();
    private static final PipeParser PARSER = HAPI.getPipeParser();

    public boolean maps(Event event) {
        return event == Event.SCREENING_RESULT || event == Event.TREATMENT_DROPOUT;
    }

    /** The ER7 text of the copy for {@code recipient}; {@code controlId} becomes MSH-10. */
    public Optional<byte[]> write(Event event, Bundle copy, String recipient, String controlId) {
        try {
            AbstractMessage message;
            Terser t;
            String pid;
            if (event == Event.SCREENING_RESULT) {
                ORU_R01 oru = new ORU_R01(HAPI.getModelClassFactory());
                oru.setParser(PARSER);
                oru.initQuickstart("ORU", "R01", "P");
                t = new Terser(oru);
                pid = "/PATIENT_RESULT/PATIENT/PID";
                Observation o = first(copy, Observation.class).orElse(null);
                if (o == null) {
                    return Optional.empty();
                }
                String obr = "/PATIENT_RESULT/ORDER_OBSERVATION/OBR";
                t.set(obr + "-1", "1");
                t.set(obr + "-4-1", "DRUGSCREEN");
                t.set(obr + "-4-2", o.getCode().hasText() ? o.getCode().getText() : "Drug screen");
                if (o.hasEffectiveDateTimeType()) {
                    t.set(
                            obr + "-7-1",
                            DTM.format(o.getEffectiveDateTimeType().getValue().toInstant()));
                }
                if (o.getSpecimen().hasDisplay()) {
                    t.set(obr + "-15-1-2", o.getSpecimen().getDisplay());
                }
                for (int i = 0; i < o.getComponent().size(); i++) {
                    Observation.ObservationComponentComponent c =
                            o.getComponent().get(i);
                    String obx = "/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION(" + i + ")/OBX";
                    String code = c.getCode().getCodingFirstRep().hasCode()
                            ? c.getCode().getCodingFirstRep().getCode()
                            : c.getCode().getText();
                    String result =
                            c.getInterpretationFirstRep().getCodingFirstRep().getCode();
                    t.set(obx + "-1", String.valueOf(i + 1));
                    t.set(obx + "-2", "CWE");
                    t.set(obx + "-3-1", code);
                    t.set(obx + "-3-2", c.getCode().getText());
                    t.set(obx + "-5-1", result);
                    t.set(obx + "-5-2", "POS".equals(result) ? "Positive" : "Negative");
                    t.set(obx + "-5-3", "HL70078");
                    t.set(obx + "-11", "F");
                }
                message = oru;
            } else if (event == Event.TREATMENT_DROPOUT) {
                ADT_A03 adt = new ADT_A03(HAPI.getModelClassFactory());
                adt.setParser(PARSER);
                adt.initQuickstart("ADT", "A03", "P");
                t = new Terser(adt);
                pid = "/PID";
                EpisodeOfCare e = first(copy, EpisodeOfCare.class).orElse(null);
                if (e == null) {
                    return Optional.empty();
                }
                t.set("/EVN-1", "A03");
                t.set("/EVN-2-1", DTM.format(new Date().toInstant()));
                t.set("/PV1-1", "1");
                t.set("/PV1-2", "O");
                if (e.getPeriod().hasStart()) {
                    t.set("/PV1-44-1", date(e.getPeriod().getStartElement()));
                }
                if (e.getPeriod().hasEnd()) {
                    t.set("/PV1-45-1", date(e.getPeriod().getEndElement()));
                }
                message = adt;
            } else {
                return Optional.empty();
            }
            t.set("/MSH-3-1", "safeguarding-hub");
            t.set("/MSH-4-1", "safeguarding-hub");
            t.set("/MSH-6-1", recipient);
            t.set("/MSH-10", controlId.length() > 20 ? controlId.substring(0, 20) : controlId);
            Patient patient = first(
                            copy,
                            Patient.class,
                            p -> p.getIdentifier().stream().anyMatch(i -> NhsNumber.SYSTEM.equals(i.getSystem())))
                    .orElse(null);
            if (patient != null) {
                writePatient(t, pid, patient, serviceUser(copy));
            }
            return Optional.of(PARSER.encode(message).getBytes(StandardCharsets.UTF_8));
        } catch (HL7Exception | IOException e) {
            throw new IllegalStateException("cannot write HL7 v2 " + event + ": " + e.getMessage(), e);
        }
    }

    private static void writePatient(Terser t, String pid, Patient fallback, Patient serviceUser) throws HL7Exception {
        Patient p = serviceUser != null ? serviceUser : fallback;
        t.set(pid + "-1", "1");
        for (Identifier id : p.getIdentifier()) {
            if (NhsNumber.SYSTEM.equals(id.getSystem())) {
                t.set(pid + "-3-1", id.getValue());
                t.set(pid + "-3-4-1", "NHS");
                t.set(pid + "-3-5", "NH");
            }
        }
        if (p.hasName()) {
            t.set(pid + "-5-1-1", p.getNameFirstRep().getFamily());
            t.set(pid + "-5-2", p.getNameFirstRep().getGivenAsSingleString());
        }
        if (p.hasBirthDate()) {
            t.set(pid + "-7-1", date(p.getBirthDateElement()));
        }
    }

    /** The service user: the subject of the Observation or the patient of the EpisodeOfCare. */
    private static Patient serviceUser(Bundle copy) {
        String ref = first(copy, Observation.class)
                .map(o -> o.getSubject().getReference())
                .or(() ->
                        first(copy, EpisodeOfCare.class).map(e -> e.getPatient().getReference()))
                .orElse(null);
        return ref == null
                ? null
                : first(copy, Patient.class, p -> ("Patient/" + p.getIdElement().getIdPart()).equals(ref))
                        .orElse(null);
    }

    private static String date(BaseDateTimeType d) {
        return String.format("%04d%02d%02d", d.getYear(), d.getMonth() + 1, d.getDay());
    }

    private static <T extends Resource> Optional<T> first(Bundle b, Class<T> type) {
        return first(b, type, r -> true);
    }

    private static <T extends Resource> Optional<T> first(
            Bundle b, Class<T> type, java.util.function.Predicate<T> test) {
        return b.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(type::isInstance)
                .map(type::cast)
                .filter(test)
                .findFirst();
    }
}
