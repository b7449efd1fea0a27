package uk.safeguarding.hub.intake;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import uk.safeguarding.hub.message.FhirSystems;
import uk.safeguarding.hub.message.HouseholdLink;
import uk.safeguarding.hub.message.LinkedChild;
import uk.safeguarding.hub.message.MessageRefused;
import uk.safeguarding.hub.message.NhsNumber;
import uk.safeguarding.hub.message.OtherPeople;

/**
 * A parsed message bundle and the lookups its checks need: its resources by reference, the header's focus, the
 * patients references name, their NHS numbers (check digit verified), and the children RelatedPersons link to the
 * service user. Every lookup that fails is a {@link MessageRefused} naming what was missing.
 */
final class MessageBundle {

    private static final Set<String> RELATIONSHIPS = Set.of("MTH", "FTH", "PRN", "STPPRN", "HHMEMBER");
    /** A RelatedPerson on the mother herself: the father of her pregnancy, a parent, spouse or domestic partner. */
    private static final Set<String> PARTNER_RELATIONSHIPS = Set.of("FTH", "PRN", "SPS", "DOMPART");

    final Bundle bundle;
    final MessageHeader header;
    private final Map<String, Resource> byRef = new HashMap<>();

    MessageBundle(Bundle bundle, MessageHeader header) {
        this.bundle = bundle;
        this.header = header;
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource r = entry.getResource();
            if (r == null) {
                throw MessageRefused.invalid("every Bundle entry needs a resource");
            }
            if (r.getIdElement().hasIdPart()) {
                byRef.put(r.fhirType() + "/" + r.getIdElement().getIdPart(), r);
            }
            if (entry.hasFullUrl()) {
                byRef.put(entry.getFullUrl(), r);
            }
        }
    }

    <T extends Resource> T focus(Class<T> type, String name) {
        return focusAll(type).stream()
                .findFirst()
                .orElseThrow(() ->
                        MessageRefused.invalid("MessageHeader.focus must reference a " + name + " in the bundle"));
    }

    <T extends Resource> List<T> focusAll(Class<T> type) {
        List<T> found = new ArrayList<>();
        for (Reference ref : header.getFocus()) {
            Resource r = byRef.get(ref.getReference());
            if (r == null) {
                throw MessageRefused.invalid(
                        "MessageHeader.focus '" + ref.getReference() + "' points nowhere in the bundle");
            }
            if (type.isInstance(r)) {
                found.add(type.cast(r));
            }
        }
        return found;
    }

    Patient patient(Reference ref, String what) {
        if (ref == null || !ref.hasReference()) {
            throw MessageRefused.invalid(what + " must reference a Patient in the bundle");
        }
        if (!(byRef.get(ref.getReference()) instanceof Patient p)) {
            throw MessageRefused.invalid(
                    what + " '" + ref.getReference() + "' does not resolve to a Patient in the bundle");
        }
        return p;
    }

    Patient patientWithNhsNumber(String nhs) {
        return byRef.values().stream()
                .filter(Patient.class::isInstance)
                .map(Patient.class::cast)
                .filter(pt -> pt.getIdentifier().stream()
                        .anyMatch(i -> NhsNumber.SYSTEM.equals(i.getSystem()) && nhs.equals(i.getValue())))
                .findFirst()
                .orElse(null);
    }

    boolean hasParentLink(Patient child) {
        String childRef = "Patient/" + child.getIdElement().getIdPart();
        return bundle.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(RelatedPerson.class::isInstance)
                .map(RelatedPerson.class::cast)
                .filter(rp -> !OtherPeople.labelled(rp))
                .anyMatch(rp -> childRef.equals(rp.getPatient().getReference()));
    }

    /** The RelatedPerson that ties a child to its parent or carer. */
    RelatedPerson parentLinkOf(Patient child) {
        String childRef = "Patient/" + child.getIdElement().getIdPart();
        return bundle.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(RelatedPerson.class::isInstance)
                .map(RelatedPerson.class::cast)
                .filter(rp -> !OtherPeople.labelled(rp))
                .filter(rp -> childRef.equals(rp.getPatient().getReference()))
                .findFirst()
                .orElseThrow(() -> MessageRefused.invalid(
                        "a RelatedPerson must tie the child " + childRef + " to the service user"));
    }

    /** The children the bundle's RelatedPersons link to this service user. */
    List<LinkedChild> linkedChildren(String serviceUserNhs) {
        List<LinkedChild> children = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (!(entry.getResource() instanceof RelatedPerson rp) || OtherPeople.labelled(rp)) {
                continue; // a person labelled as someone else (a neighbour who raised the concern) is no family link
            }
            if (!nhsIdentifier(rp.getIdentifier(), "RelatedPerson").equals(serviceUserNhs)) {
                continue;
            }
            Patient child = patient(rp.getPatient(), "RelatedPerson.patient");
            String relationship = rp.getRelationship().stream()
                    .flatMap(cc -> cc.getCoding().stream())
                    .map(Coding::getCode)
                    .filter(RELATIONSHIPS::contains)
                    .findFirst()
                    .orElseThrow(
                            () -> MessageRefused.invalid("RelatedPerson.relationship must be one of " + RELATIONSHIPS));
            children.add(new LinkedChild(
                    nhsNumber(child, "linked child"),
                    child.hasBirthDate() ? localDate(child.getBirthDateElement()) : null,
                    null,
                    relationship));
        }
        return children;
    }

    /**
     * The adults other than the service user that the bundle's RelatedPersons tie to the family: to a child (the
     * RelatedPerson's patient) as parent, step-parent or household member, or to the service user herself as father
     * of her pregnancy, partner or spouse (docs/decisions.md "Household adults").
     */
    List<HouseholdLink> householdAdults(String serviceUserNhs) {
        List<HouseholdLink> links = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (!(entry.getResource() instanceof RelatedPerson rp) || OtherPeople.labelled(rp)) {
                continue; // a person labelled as someone else (a neighbour who raised the concern) is no family link
            }
            String adult = nhsIdentifier(rp.getIdentifier(), "RelatedPerson");
            if (adult.equals(serviceUserNhs)) {
                continue;
            }
            Patient patient = patient(rp.getPatient(), "RelatedPerson.patient");
            String patientNhs = nhsNumber(patient, "RelatedPerson.patient");
            List<String> codes = rp.getRelationship().stream()
                    .flatMap(cc -> cc.getCoding().stream())
                    .map(Coding::getCode)
                    .toList();
            if (patientNhs.equals(serviceUserNhs)) {
                codes.stream()
                        .filter(PARTNER_RELATIONSHIPS::contains)
                        .findFirst()
                        .ifPresent(code -> links.add(new HouseholdLink(adult, code, null)));
            } else {
                codes.stream()
                        .filter(RELATIONSHIPS::contains)
                        .findFirst()
                        .ifPresent(code -> links.add(new HouseholdLink(
                                adult,
                                code,
                                new LinkedChild(
                                        patientNhs,
                                        patient.hasBirthDate() ? localDate(patient.getBirthDateElement()) : null,
                                        null,
                                        code))));
            }
        }
        return links;
    }

    /** Every NHS number anywhere in the bundle passes its check digit. */
    void checkAllNhsNumbers() {
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            List<Identifier> ids = entry.getResource() instanceof Patient pt
                    ? pt.getIdentifier()
                    : entry.getResource() instanceof RelatedPerson rp ? rp.getIdentifier() : List.of();
            for (Identifier id : ids) {
                if (NhsNumber.SYSTEM.equals(id.getSystem()) && !NhsNumber.isValid(id.getValue())) {
                    throw MessageRefused.invalid("NHS number '" + id.getValue() + "' in "
                            + entry.getResource().fhirType() + " fails its check digit");
                }
            }
        }
    }

    static String nhsNumber(Patient patient, String what) {
        if (patient == null) {
            throw MessageRefused.invalid(what + " is missing");
        }
        return nhsIdentifier(patient.getIdentifier(), what);
    }

    static String nhsIdentifier(List<Identifier> identifiers, String what) {
        String value = identifiers.stream()
                .filter(i -> NhsNumber.SYSTEM.equals(i.getSystem()))
                .map(Identifier::getValue)
                .findFirst()
                .orElseThrow(() -> MessageRefused.invalid(what + " needs an NHS number (" + NhsNumber.SYSTEM + ")"));
        if (!NhsNumber.isValid(value)) {
            throw MessageRefused.invalid("NHS number '" + value + "' of " + what + " fails its check digit");
        }
        return value;
    }

    static String agencyId(Reference ref) {
        if (ref == null || !ref.hasIdentifier()) {
            return null;
        }
        Identifier id = ref.getIdentifier();
        return FhirSystems.AGENCY.equals(id.getSystem()) ? id.getValue() : null;
    }

    static boolean hasCode(CodeableConcept cc, String system, String code) {
        return cc.getCoding().stream().anyMatch(c -> system.equals(c.getSystem()) && code.equals(c.getCode()));
    }

    /** The calendar date as the sender wrote it, whatever the JVM's time zone. */
    static LocalDate localDate(BaseDateTimeType value) {
        return LocalDate.of(value.getYear(), value.getMonth() + 1, value.getDay());
    }
}
