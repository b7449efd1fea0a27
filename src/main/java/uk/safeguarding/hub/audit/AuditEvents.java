package uk.safeguarding.hub.audit;

import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import tools.jackson.databind.JsonNode;

/**
 * Audit entries as FHIR R4 {@code AuditEvent}s, so that a trust's audit repository can take the hub's export
 * ({@code GET /api/audit?format=fhir}). An opening of content is a break-glass event as in FHIR's AuditEvent
 * examples: type DICOM 110113 "Security Alert", subtype 110127 "Emergency Override Started", purpose of event v3
 * ActReason {@code BTG}; a Caldicott guardian's review is a security alert with the finding as its outcome. Every
 * entry also carries the hub's own type, and its sequence number as the AuditEvent's id.
 */
final class AuditEvents {

    static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    static final String ENTRY_TYPE = "https://fhir.safeguarding-hub.example/CodeSystem/audit-entry";
    static final String OPENING_PURPOSE = "https://fhir.safeguarding-hub.example/CodeSystem/opening-purpose";
    static final String HUB_MESSAGE = "https://fhir.safeguarding-hub.example/Id/hub-message";
    static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";
    static final String AGENCY = "https://fhir.safeguarding-hub.example/Id/agency";

    private AuditEvents() {}

    static Bundle bundle(List<AuditSearch.Row> rows) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        rows.forEach(r -> bundle.addEntry()
                .setFullUrl("urn:uuid:"
                        + java.util.UUID.nameUUIDFromBytes(
                                ("hub-audit-" + r.seq()).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .setResource(of(r)));
        return bundle;
    }

    static AuditEvent of(AuditSearch.Row row) {
        AuditEvent e = new AuditEvent();
        e.setId("hub-audit-" + row.seq());
        String type = row.type();
        boolean opened = AuditType.CONTENT_OPENED.name().equals(type);
        boolean security = type.startsWith("CONTENT_") || type.equals(AuditType.ACCESS_REFUSED.name());
        Coding own = new Coding(ENTRY_TYPE, type, null);
        if (security) {
            e.setType(new Coding(DCM, "110113", "Security Alert"));
            if (opened) {
                e.addSubtype(new Coding(DCM, "110127", "Emergency Override Started"));
            }
            e.addSubtype(own);
        } else {
            e.setType(own);
        }
        e.setAction(
                opened
                        ? AuditEvent.AuditEventAction.E
                        : type.equals(AuditType.ACCESSED.name())
                                ? AuditEvent.AuditEventAction.R
                                : type.equals(AuditType.RECEIVED.name())
                                        ? AuditEvent.AuditEventAction.C
                                        : AuditEvent.AuditEventAction.E);
        e.setRecorded(Date.from(java.time.Instant.parse(row.recordedAt())));
        boolean refused = type.endsWith("_REFUSED") || type.equals(AuditType.REFUSED.name());
        e.setOutcome(refused ? AuditEvent.AuditEventOutcome._4 : AuditEvent.AuditEventOutcome._0);
        JsonNode detail = row.detail();
        if (opened) {
            e.addPurposeOfEvent().addCoding(new Coding(ACT_REASON, "BTG", "break the glass"));
            if (detail.hasNonNull("purpose")) {
                e.getPurposeOfEventFirstRep()
                        .addCoding(new Coding(
                                OPENING_PURPOSE, detail.get("purpose").asString(), null));
            }
        }
        if (detail.hasNonNull("finding")) {
            e.setOutcomeDesc(detail.get("finding").asString()
                    + (detail.hasNonNull("note") ? ": " + detail.get("note").asString() : ""));
        }
        // Who: the person named in the detail, or the agency.
        AuditEvent.AuditEventAgentComponent agent = e.addAgent().setRequestor(true);
        if (detail.hasNonNull("by")) {
            agent.setName(detail.get("by").asString());
            agent.getWho().setDisplay(detail.get("by").asString());
        } else if (row.agency() != null) {
            agent.getWho().setIdentifier(new Identifier().setSystem(AGENCY).setValue(row.agency()));
        } else {
            agent.getWho().setDisplay("Safeguarding Hub");
        }
        e.getSource().setObserver(new Reference().setDisplay("Safeguarding Hub"));
        if (row.hubMessageId() != null) {
            e.addEntity()
                    .setWhat(new Reference()
                            .setIdentifier(
                                    new Identifier().setSystem(HUB_MESSAGE).setValue(row.hubMessageId())))
                    .setType(new Coding(
                            "http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"));
        }
        if (row.subject() != null) {
            e.addEntity()
                    .setWhat(new Reference()
                            .setIdentifier(
                                    new Identifier().setSystem(NHS_NUMBER).setValue(row.subject())))
                    .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"))
                    .setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"));
        }
        AuditEvent.AuditEventEntityComponent what = e.addEntity()
                .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "4", "Other"))
                .setDescription("the hub's audit entry " + row.seq());
        detail.properties().forEach(p -> {
            if (!p.getValue().isNull()) {
                what.addDetail()
                        .setType(p.getKey())
                        .setValue(new org.hl7.fhir.r4.model.StringType(
                                p.getValue().isString()
                                        ? p.getValue().asString()
                                        : p.getValue().toString()));
            }
        });
        return e;
    }
}
