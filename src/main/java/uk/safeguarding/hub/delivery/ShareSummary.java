package uk.safeguarding.hub.delivery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * The summary fields of a share for its recipient's chronology (docs/decisions.md "Chronology"), read from the copy the
 * recipient was sent, after minimum necessary: what its profile removed is not there to summarise. Codes, dates
 * and short texts only; never a free-text note.
 */
final class ShareSummary {

    private ShareSummary() {}

    static Map<String, Object> of(Bundle copy) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> substances = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : copy.getEntry()) {
            Resource r = entry.getResource();
            if (r instanceof Observation o) {
                if (o.getCode().getCoding().stream().anyMatch(c -> "11778-8".equals(c.getCode()))) {
                    if (o.hasValueDateTimeType()) {
                        out.put("dueDate", o.getValueDateTimeType().getValueAsString());
                    }
                    continue;
                }
                if (o.hasEffectiveDateTimeType()) {
                    out.put("testedOn", o.getEffectiveDateTimeType().getValueAsString());
                }
                if (o.getSpecimen().hasDisplay()) {
                    out.put("specimen", o.getSpecimen().getDisplay());
                }
                for (Observation.ObservationComponentComponent c : o.getComponent()) {
                    String result = c.getInterpretation().stream()
                            .flatMap(i -> i.getCoding().stream())
                            .map(Coding::getCode)
                            .findFirst()
                            .orElse("?");
                    substances.add(text(c.getCode()) + ": " + result);
                }
            } else if (r instanceof EpisodeOfCare e) {
                e.getType().stream()
                        .flatMap(t -> t.getCoding().stream())
                        .findFirst()
                        .ifPresent(c -> out.put("treatmentStatus", c.getCode()));
            } else if (r instanceof Condition c) {
                out.put("condition", text(c.getCode()));
            } else if (r instanceof ServiceRequest s) {
                s.getCategory().stream()
                        .flatMap(cc -> cc.getCoding().stream())
                        .findFirst()
                        .ifPresent(c -> out.put("referralLevel", c.getCode()));
                if (s.hasPerformerType()) {
                    out.put(
                            "referredTo",
                            s.getPerformerType().getCodingFirstRep().getCode());
                }
                if (s.hasReasonCode()) {
                    out.put("reason", text(s.getReasonCodeFirstRep()));
                }
            } else if (r instanceof Flag f) {
                out.put("flag", f.getCode().getCodingFirstRep().getCode());
                out.put("flagStatus", f.getStatus().toCode());
            } else if (r instanceof Task t) {
                if (t.hasBusinessStatus()) {
                    out.put("outcome", t.getBusinessStatus().getCodingFirstRep().getCode());
                }
                out.put("task", text(t.getCode()));
            }
        }
        if (!substances.isEmpty()) {
            out.put("substances", substances);
        }
        return out;
    }

    private static String text(CodeableConcept cc) {
        if (cc.hasText()) {
            return cc.getText();
        }
        return cc.getCoding().stream()
                .map(c -> c.hasDisplay() ? c.getDisplay() : c.getCode())
                .findFirst()
                .orElse("");
    }
}
