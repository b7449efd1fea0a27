package uk.safeguarding.hub.intake;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.ConsentUpdate;
import uk.safeguarding.hub.message.Event;
import uk.safeguarding.hub.message.EventDetails;
import uk.safeguarding.hub.message.FhirSystems;
import uk.safeguarding.hub.message.LinkedChild;
import uk.safeguarding.hub.message.MessageRefused;
import uk.safeguarding.hub.message.SafeguardingFlagUpdate;

/**
 * What one event's focus resources say, read as the message catalogue describes each event: who the service user
 * is (the subject, or for a message about a child the parent a RelatedPerson names), the child it is about, an
 * unborn child it tells of, and what only that event carries ({@link EventDetails}).
 */
record EventContent(
        Patient serviceUser,
        String serviceUserNhs,
        String childNhs,
        List<LinkedChild> unbornChildren,
        EventDetails details) {

    private static final EventDetails NONE = new EventDetails.None();

    /** The same people, with what the event carries. */
    EventContent with(EventDetails eventDetails) {
        return new EventContent(serviceUser, serviceUserNhs, childNhs, unbornChildren, eventDetails);
    }

    static final String REFERRAL_LEVEL_SYSTEM = "https://fhir.safeguarding-hub.example/CodeSystem/referral-level";
    static final String ROLE_SYSTEM = "https://fhir.safeguarding-hub.example/CodeSystem/agency-role";
    static final String TREATMENT_STATUS_SYSTEM = "https://fhir.safeguarding-hub.example/CodeSystem/treatment-status";
    static final String REFERRAL_OUTCOME_SYSTEM = "https://fhir.safeguarding-hub.example/CodeSystem/referral-outcome";
    static final Set<String> REFERRAL_OUTCOMES =
            Set.of("no-further-action", "early-help", "child-in-need", "s47-enquiry");
    static final String EDD_LOINC = "11778-8";
    static final String UNBORN_DUE_DATE = "https://fhir.safeguarding-hub.example/StructureDefinition/unborn-due-date";
    private static final Set<String> DROPOUT_STATUSES = Set.of("disengaged");
    private static final Set<String> CHANGE_STATUSES = Set.of("stabilised", "abstinent", "relapse", "detox-planned");

    static EventContent read(Event event, MessageBundle m) {
        return switch (event) {
            case SCREENING_RESULT ->
                about(m.patient(m.focus(Observation.class, "Observation").getSubject(), "Observation subject"));
            case TREATMENT_DROPOUT, TREATMENT_CHANGE -> treatment(m, event);
            case PREGNANCY_SUBSTANCE_USE -> pregnancy(m);
            case NEONATAL_WITHDRAWAL -> neonatal(m);
            case REFERRAL -> referral(m);
            case REFERRAL_OUTCOME -> referralOutcome(m);
            case S47_ENQUIRY, CP_PLAN_STATUS -> flag(m, event);
            case S47_INFORMATION_REQUEST -> informationRequest(m);
            case S47_INFORMATION_RESPONSE -> informationResponse(m);
            case CONSENT_UPDATE -> consent(m);
        };
    }

    /** The service user's NHS number: the one the content named, else the service user's own. */
    String serviceUserNhsNumber() {
        return serviceUserNhs != null ? serviceUserNhs : MessageBundle.nhsNumber(serviceUser, "service user");
    }

    private static EventContent about(Patient serviceUser) {
        return new EventContent(serviceUser, null, null, List.of(), NONE);
    }

    /** For messages about a child: the service user is the parent or carer that a RelatedPerson names. */
    private static EventContent aboutTheParentOf(MessageBundle m, Patient child, String childIs) {
        RelatedPerson link = m.parentLinkOf(child);
        String parentNhs = MessageBundle.nhsIdentifier(link.getIdentifier(), "RelatedPerson");
        return new EventContent(
                m.patientWithNhsNumber(parentNhs), parentNhs, MessageBundle.nhsNumber(child, childIs), List.of(), NONE);
    }

    private static EventContent treatment(MessageBundle m, Event event) {
        EpisodeOfCare episode = m.focus(EpisodeOfCare.class, "EpisodeOfCare");
        Set<String> allowed = event == Event.TREATMENT_DROPOUT ? DROPOUT_STATUSES : CHANGE_STATUSES;
        String status = episode.getType().stream()
                .flatMap(cc -> cc.getCoding().stream())
                .filter(c -> TREATMENT_STATUS_SYSTEM.equals(c.getSystem()))
                .map(Coding::getCode)
                .findFirst()
                .orElseThrow(() -> MessageRefused.invalid(
                        event.code() + " needs EpisodeOfCare.type coded from " + TREATMENT_STATUS_SYSTEM));
        if (!allowed.contains(status)) {
            throw MessageRefused.invalid(
                    event.code() + " treatment status must be one of " + allowed + ", not '" + status + "'");
        }
        return about(m.patient(episode.getPatient(), "EpisodeOfCare patient")).with(new EventDetails.Treatment(status));
    }

    private static EventContent pregnancy(MessageBundle m) {
        Observation edd = m.focusAll(Observation.class).stream()
                .filter(o -> MessageBundle.hasCode(o.getCode(), "http://loinc.org", EDD_LOINC))
                .findFirst()
                .orElseThrow(
                        () -> MessageRefused.invalid(
                                "pregnancy-substance-use needs an Observation with LOINC 11778-8 (estimated date of delivery)"));
        m.focus(Condition.class, "Condition");
        if (!edd.hasValueDateTimeType()) {
            throw MessageRefused.invalid("the estimated date of delivery Observation needs valueDateTime");
        }
        Patient mother = m.patient(edd.getSubject(), "Observation subject");
        return new EventContent(
                mother,
                null,
                null,
                List.of(LinkedChild.unborn(
                        MessageBundle.nhsNumber(mother, "Observation subject"),
                        MessageBundle.localDate(edd.getValueDateTimeType()))),
                NONE);
    }

    /** The baby is the Condition's subject; the service user is the mother a RelatedPerson ties to the baby. */
    private static EventContent neonatal(MessageBundle m) {
        Condition withdrawal = m.focus(Condition.class, "Condition");
        Patient baby = m.patient(withdrawal.getSubject(), "Condition subject (the baby)");
        return aboutTheParentOf(m, baby, "the baby");
    }

    /**
     * A referral is to the role {@code performerType} names (children's social care when absent): about a child, or
     * for a referral to drug treatment about the parent in need of it (Joint guidance §6).
     */
    private static EventContent referral(MessageBundle m) {
        ServiceRequest request = m.focus(ServiceRequest.class, "ServiceRequest");
        AgencyRole to = AgencyRole.CHILDRENS_SOCIAL_CARE;
        for (Coding c : request.getPerformerType().getCoding()) {
            if (ROLE_SYSTEM.equals(c.getSystem())) {
                to = switch (String.valueOf(c.getCode())) {
                    case "CHILDRENS_SOCIAL_CARE" -> AgencyRole.CHILDRENS_SOCIAL_CARE;
                    case "DRUG_TREATMENT" -> AgencyRole.DRUG_TREATMENT;
                    default ->
                        throw MessageRefused.invalid("a referral is to CHILDRENS_SOCIAL_CARE or DRUG_TREATMENT"
                                + " (ServiceRequest.performerType), not " + c.getCode());
                };
            }
        }
        Integer level = null;
        for (CodeableConcept category : request.getCategory()) {
            for (Coding c : category.getCoding()) {
                if (REFERRAL_LEVEL_SYSTEM.equals(c.getSystem())) {
                    level = switch (String.valueOf(c.getCode())) {
                        case "1" -> 1;
                        case "2" -> 2;
                        case "3" -> 3;
                        default -> throw MessageRefused.invalid("referral level must be 1, 2 or 3, not " + c.getCode());
                    };
                }
            }
        }
        if (to == AgencyRole.DRUG_TREATMENT) {
            Patient parent = m.patient(request.getSubject(), "ServiceRequest subject (the parent referred)");
            MessageBundle.nhsNumber(parent, "the parent referred");
            return about(parent).with(new EventDetails.Referral(level, to));
        }
        if (level == null) {
            throw MessageRefused.invalid("a referral needs ServiceRequest.category with a referral level 1, 2 or 3");
        }
        Patient child = m.patient(request.getSubject(), "ServiceRequest subject");
        MessageBundle.nhsNumber(child, "the referred child");
        return aboutTheParentOf(m, child, "the referred child").with(new EventDetails.Referral(level, to));
    }

    /**
     * Children's social care's answer to a referral (Derbyshire procedure §3): Task.basedOn the referral's hub id, Task.for the child
     * (or the mother, for a pregnancy), businessStatus the outcome; an outcome of s47-enquiry opens the enquiry.
     */
    private static EventContent referralOutcome(MessageBundle m) {
        Task task = m.focus(Task.class, "Task");
        if (task.getBasedOn().size() != 1
                || !task.getBasedOnFirstRep().hasIdentifier()
                || !task.getBasedOnFirstRep().getIdentifier().hasValue()) {
            throw MessageRefused.invalid("a referral outcome needs one Task.basedOn whose identifier is the hub"
                    + " message id of the referral it answers");
        }
        String outcome = task.getBusinessStatus().getCoding().stream()
                .filter(c -> REFERRAL_OUTCOME_SYSTEM.equals(c.getSystem()))
                .map(Coding::getCode)
                .findFirst()
                .orElseThrow(() -> MessageRefused.invalid(
                        "a referral outcome needs Task.businessStatus coded from " + REFERRAL_OUTCOME_SYSTEM));
        if (!REFERRAL_OUTCOMES.contains(outcome)) {
            throw MessageRefused.invalid(
                    "a referral outcome is one of " + REFERRAL_OUTCOMES + ", not '" + outcome + "'");
        }
        String basedOn = task.getBasedOnFirstRep().getIdentifier().getValue();
        Patient subject = m.patient(task.getFor(), "Task.for");
        String subjectNhs = MessageBundle.nhsNumber(subject, "Task.for");
        boolean aboutAChild = m.hasParentLink(subject);
        EventContent c = aboutAChild ? aboutTheParentOf(m, subject, "Task.for") : about(subject);
        List<SafeguardingFlagUpdate> opens = aboutAChild && "s47-enquiry".equals(outcome)
                ? List.of(new SafeguardingFlagUpdate(SafeguardingFlagUpdate.S47_ENQUIRY, subjectNhs, true, null, null))
                : List.of();
        return new EventContent(
                c.serviceUser,
                c.serviceUserNhs,
                null,
                List.of(),
                new EventDetails.ReferralOutcome(basedOn, outcome, opens));
    }

    private static EventContent flag(MessageBundle m, Event event) {
        Flag flag = m.focus(Flag.class, "Flag");
        String expected = event == Event.S47_ENQUIRY
                ? SafeguardingFlagUpdate.S47_ENQUIRY
                : SafeguardingFlagUpdate.CHILD_PROTECTION_PLAN;
        if (!MessageBundle.hasCode(flag.getCode(), SafeguardingFlagUpdate.SYSTEM, expected)) {
            throw MessageRefused.invalid(event.code() + " needs a Flag coded " + expected);
        }
        if (flag.getStatus() != Flag.FlagStatus.ACTIVE && flag.getStatus() != Flag.FlagStatus.INACTIVE) {
            throw MessageRefused.invalid("Flag.status must be active or inactive");
        }
        LocalDate start = flag.getPeriod().hasStart()
                ? MessageBundle.localDate(flag.getPeriod().getStartElement())
                : null;
        LocalDate end = flag.getPeriod().hasEnd()
                ? MessageBundle.localDate(flag.getPeriod().getEndElement())
                : null;
        boolean active = flag.getStatus() == Flag.FlagStatus.ACTIVE;
        Extension dueDate = flag.getExtensionByUrl(UNBORN_DUE_DATE);
        if (dueDate != null) {
            // A pre-birth enquiry or plan: the Flag is on the mother, about her unborn child (Derbyshire procedure §2,
            // Working Together §4).
            if (!(dueDate.getValue() instanceof DateType due) || !due.hasValue()) {
                throw MessageRefused.invalid("the unborn-due-date extension needs a valueDate");
            }
            Patient mother = m.patient(flag.getSubject(), "Flag subject (the mother of the unborn child)");
            String motherNhs = MessageBundle.nhsNumber(mother, "Flag subject");
            LinkedChild unborn = LinkedChild.unborn(motherNhs, MessageBundle.localDate(due));
            return new EventContent(
                    mother,
                    null,
                    null,
                    List.of(unborn),
                    new EventDetails.Flags(
                            List.of(new SafeguardingFlagUpdate(expected, unborn.key(), active, start, end))));
        }
        Patient child = m.patient(flag.getSubject(), "Flag subject");
        SafeguardingFlagUpdate update = new SafeguardingFlagUpdate(
                expected, MessageBundle.nhsNumber(child, "Flag subject"), active, start, end);
        EventContent c = aboutTheParentOf(m, child, "Flag subject");
        // A flag is about the child, not a referral of it: it concerns nobody for duplicate referrals.
        return new EventContent(
                c.serviceUser, c.serviceUserNhs, null, List.of(), new EventDetails.Flags(List.of(update)));
    }

    private static EventContent informationRequest(MessageBundle m) {
        Task task = m.focus(Task.class, "Task");
        if (!task.hasInput()) {
            throw MessageRefused.invalid("a Section 47 information request needs Task.input: the items asked for");
        }
        Patient subject = m.patient(task.getFor(), "Task.for");
        String named = null;
        if (task.hasOwner()) {
            named = MessageBundle.agencyId(task.getOwner());
            if (named == null) {
                throw MessageRefused.invalid("Task.owner must carry an agency identifier (" + FhirSystems.AGENCY + ")");
            }
        }
        return about(subject).with(new EventDetails.InformationRequest(named));
    }

    private static EventContent informationResponse(MessageBundle m) {
        Task task = m.focus(Task.class, "Task");
        if (task.getBasedOn().size() != 1
                || !task.getBasedOnFirstRep().hasIdentifier()
                || !task.getBasedOnFirstRep().getIdentifier().hasValue()) {
            throw MessageRefused.invalid("a Section 47 information response needs one Task.basedOn whose identifier"
                    + " is the hub message id of the request it answers");
        }
        if (task.getStatus() != Task.TaskStatus.COMPLETED) {
            throw MessageRefused.invalid("a Section 47 information response needs Task.status completed");
        }
        if (!task.hasOutput()) {
            throw MessageRefused.invalid("a Section 47 information response needs Task.output: the answers");
        }
        Patient subject = m.patient(task.getFor(), "Task.for");
        return about(subject)
                .with(new EventDetails.InformationResponse(
                        task.getBasedOnFirstRep().getIdentifier().getValue()));
    }

    private static EventContent consent(MessageBundle m) {
        Consent consent = m.focus(Consent.class, "Consent");
        String status = consent.hasStatus() ? consent.getStatus().toCode() : null;
        if (!Set.of("active", "rejected", "inactive").contains(String.valueOf(status))) {
            throw MessageRefused.invalid("Consent.status must be active, rejected or inactive");
        }
        Set<AgencyRole> roles = EnumSet.noneOf(AgencyRole.class);
        Set<String> purposes = new HashSet<>();
        Consent.ProvisionComponent provision = consent.getProvision();
        for (Consent.provisionActorComponent actor : provision.getActor()) {
            for (Coding c : actor.getRole().getCoding()) {
                if (ROLE_SYSTEM.equals(c.getSystem())) {
                    try {
                        roles.add(AgencyRole.valueOf(c.getCode()));
                    } catch (IllegalArgumentException e) {
                        throw MessageRefused.invalid("unknown agency role in consent: " + c.getCode());
                    }
                }
            }
        }
        provision.getPurpose().forEach(c -> purposes.add(c.getCode()));
        LocalDate start = provision.getPeriod().hasStart()
                ? MessageBundle.localDate(provision.getPeriod().getStartElement())
                : null;
        LocalDate end = provision.getPeriod().hasEnd()
                ? MessageBundle.localDate(provision.getPeriod().getEndElement())
                : null;
        if ("active".equals(status) && roles.isEmpty()) {
            throw MessageRefused.invalid("an active Consent must name the agency roles it covers");
        }
        Patient subject = m.patient(consent.getPatient(), "Consent patient");
        ConsentUpdate update = new ConsentUpdate(
                status,
                Set.copyOf(roles),
                Set.copyOf(purposes),
                start,
                end,
                consent.hasDateTime() ? consent.getDateTime().toInstant() : null);
        return about(subject).with(new EventDetails.Consent(update));
    }
}
