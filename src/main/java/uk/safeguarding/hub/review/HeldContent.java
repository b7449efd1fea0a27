package uk.safeguarding.hub.review;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.delivery.AcceptedMessages;
import uk.safeguarding.hub.delivery.MessageRecords;
import uk.safeguarding.hub.intake.FhirMessageReader;
import uk.safeguarding.hub.intake.QuarantinedMessages;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.Event;
import uk.safeguarding.hub.message.FhirSystems;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.NhsNumber;
import uk.safeguarding.hub.message.OtherPeople;
import uk.safeguarding.hub.message.Words;
import uk.safeguarding.hub.policy.Basis;
import uk.safeguarding.hub.policy.MinimumNecessary;
import uk.safeguarding.hub.policy.PolicyEngine;
import uk.safeguarding.hub.policy.RuleFileLoader;
import uk.safeguarding.hub.policy.RuleSet;
import uk.safeguarding.hub.policy.RuleStore;
import uk.safeguarding.hub.register.Agency;
import uk.safeguarding.hub.register.AgencyRegister;

/**
 * What the hub holds of one message, in words for the officer who opened it: the message as its sender sent it,
 * then each share as its recipient got it (the same minimum-necessary copy, made again from the message with the
 * profile of the rules that decided it); or a refused message as it arrived. Empty once the content is gone.
 */
@Component
public class HeldContent {

    /** One line: what (in words) and its value; {@code otherPeople} when labelled as about another person. */
    public record Row(String label, String value, boolean otherPeople) {}

    /** One resource: its kind in words, and its lines. */
    public record Section(String title, boolean otherPeople, List<Row> rows) {}

    /** The message as received, or one share; {@code raw} for a refused message that could not be read. */
    public record Part(String heading, String note, List<Section> sections, String raw) {}

    public record Shown(String hubMessageId, String subjectNhs, List<Part> parts) {}

    private static final Words WORDS = Words.EN;
    private static final java.time.format.DateTimeFormatter DAY =
            java.time.format.DateTimeFormatter.ofPattern("d MMM yyyy", Locale.UK);
    private static final Set<String> SKIPPED =
            Set.of("id", "meta", "text", "contained", "extension", "modifierExtension", "implicitRules", "language");

    private final FhirContext fhir;
    private final AcceptedMessages accepted;
    private final MessageRecords records;
    private final QuarantinedMessages quarantine;
    private final FhirMessageReader reader;
    private final MinimumNecessary minimumNecessary;
    private final RuleStore rules;
    private final PolicyEngine engine;
    private final AgencyRegister agencies;

    public HeldContent(
            FhirContext fhir,
            AcceptedMessages accepted,
            MessageRecords records,
            QuarantinedMessages quarantine,
            FhirMessageReader reader,
            MinimumNecessary minimumNecessary,
            RuleStore rules,
            PolicyEngine engine,
            AgencyRegister agencies) {
        this.fhir = fhir;
        this.accepted = accepted;
        this.records = records;
        this.quarantine = quarantine;
        this.reader = reader;
        this.minimumNecessary = minimumNecessary;
        this.rules = rules;
        this.engine = engine;
        this.agencies = agencies;
    }

    /** Whether the message's content is still kept (it is forgotten after hub.policy.keep-messages-for). */
    public boolean messageHeld(String hubMessageId) {
        return accepted.kept(hubMessageId);
    }

    /** Whether a refused message's content is still kept (operations may have discarded it). */
    public boolean quarantinedHeld(String quarantineId) {
        return quarantine.find(quarantineId).map(q -> q.size() != null).orElse(false);
    }

    /** The subject of a held message (for the audit of its opening), or empty when its content is gone. */
    public Optional<String> subjectOf(String hubMessageId) {
        return accepted.find(hubMessageId)
                .map(kept -> reader.reread(kept.body(), hubMessageId, kept.receivedAt())
                        .serviceUserNhsNumber());
    }

    public Optional<Shown> message(String hubMessageId) {
        Optional<AcceptedMessages.Kept> kept = accepted.find(hubMessageId);
        if (kept.isEmpty()) {
            return Optional.empty();
        }
        InboundMessage message =
                reader.reread(kept.get().body(), hubMessageId, kept.get().receivedAt());
        List<Part> parts = new ArrayList<>();
        parts.add(new Part(
                "As " + name(message.senderAgency()) + " sent it",
                capital(WORDS.event(message.event().code())) + ", received "
                        + Words.UK_TIME.format(message.receivedAt()) + " (UK time).",
                sections(message.payload()),
                null));
        for (Map<String, Object> d : records.decisions(hubMessageId)) {
            if (!"SHARE".equals(d.get("outcome")) || d.get("profile") == null) {
                continue;
            }
            String agency = (String) d.get("agency");
            RuleSet ruleSet = rulesOf((Integer) d.get("rule_version"));
            RuleSet.Profile profile = ruleSet.profiles().get((String) d.get("profile"));
            if (profile == null) {
                continue;
            }
            Basis basis = Basis.valueOf((String) d.get("basis"));
            boolean otherPeopleAllowed =
                    AgencyRole.CHILDRENS_SOCIAL_CARE.name().equals(d.get("role")) && basis.statutory();
            MinimumNecessary.Result copy = minimumNecessary.apply(message, profile, agency, otherPeopleAllowed);
            parts.add(new Part(
                    "As " + name(agency) + " got it",
                    "Shared because of " + WORDS.basis(basis.name()) + ", with the profile \"" + profile.description()
                            + "\"; taken out first: "
                            + (copy.removed().isEmpty()
                                    ? "nothing"
                                    : Words.join(
                                            copy.removed().stream()
                                                    .map(WORDS::element)
                                                    .distinct()
                                                    .toList(),
                                            "and"))
                            + ".",
                    sections(copy.bundle()),
                    null));
        }
        return Optional.of(new Shown(hubMessageId, message.serviceUserNhsNumber(), List.copyOf(parts)));
    }

    public Optional<Shown> quarantined(String quarantineId) {
        Optional<QuarantinedMessages.Kept> refusal = quarantine.find(quarantineId);
        Optional<byte[]> body = quarantine.content(quarantineId);
        if (refusal.isEmpty() || body.isEmpty()) {
            return Optional.empty();
        }
        QuarantinedMessages.Kept held = refusal.get();
        String text = new String(body.get(), StandardCharsets.UTF_8);
        String note = "Refused " + Words.UK_TIME.format(held.receivedAt()) + " (UK time): " + held.reason();
        String heading = "As " + name(held.senderAgency()) + " sent it";
        try {
            Bundle bundle = fhir.newJsonParser().parseResource(Bundle.class, text);
            return Optional.of(new Shown(null, null, List.of(new Part(heading, note, sections(bundle), null))));
        } catch (RuntimeException notFhir) {
            // It was refused because it could not be read (or it is HL7 v2): shown as it arrived.
            return Optional.of(new Shown(null, null, List.of(new Part(heading, note, List.of(), text))));
        }
    }

    private RuleSet rulesOf(Integer version) {
        if (version == null) {
            return engine.rules();
        }
        return rules.yaml(version)
                .map(yaml -> RuleFileLoader.parse(yaml, "rules version " + version))
                .orElse(engine.rules());
    }

    private String name(String agency) {
        return agencies.find(agency).map(Agency::name).orElse(agency);
    }

    /** Each resource of the bundle, in words. */
    List<Section> sections(Bundle bundle) {
        List<Section> sections = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource r = entry.getResource();
            List<Row> rows = new ArrayList<>();
            walk(r, fhir.getResourceDefinition(r), "", rows, false);
            sections.add(new Section(capital(WORDS.resource(r.fhirType())), OtherPeople.labelled(r), rows));
        }
        return sections;
    }

    private void walk(
            IBase element,
            BaseRuntimeElementCompositeDefinition<?> definition,
            String label,
            List<Row> rows,
            boolean other) {
        for (BaseRuntimeChildDefinition child : definition.getChildren()) {
            if (SKIPPED.contains(child.getElementName())) {
                continue;
            }
            for (IBase value : child.getAccessor().getValues(element)) {
                String here = (label.isEmpty() ? "" : label + ", ") + words(child.getElementName());
                boolean labelled = other || (value instanceof Element e && OtherPeople.labelled(e));
                String shown = shown(value);
                if (shown != null) {
                    if (!shown.isBlank()) {
                        rows.add(new Row(capital(here), shown, labelled));
                    }
                } else if (!(value instanceof Resource)
                        && fhir.getElementDefinition(value.getClass())
                                instanceof BaseRuntimeElementCompositeDefinition<?> composite) {
                    walk(value, composite, here, rows, labelled);
                }
            }
        }
    }

    /** A value people read at once, or null for one to walk into. */
    private String shown(IBase value) {
        if (value instanceof BaseDateTimeType t) {
            if (t.getValue() == null) {
                return "";
            }
            var precision = t.getPrecision();
            if (precision == ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY) {
                return java.time.LocalDate.parse(t.getValueAsString().substring(0, 10))
                        .format(DAY);
            }
            return precision.ordinal() < ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY.ordinal()
                    ? t.getValueAsString()
                    : Words.UK_TIME.format(t.getValue().toInstant());
        }
        if (value instanceof BooleanType b) {
            return Boolean.TRUE.equals(b.getValue()) ? "yes" : "no";
        }
        if (value instanceof IPrimitiveType<?> p) {
            String text = p.getValueAsString();
            if (text != null && text.startsWith("urn:agency:")) {
                return name(text.substring("urn:agency:".length()));
            }
            return text == null ? "" : text;
        }
        if (value instanceof Coding c) {
            if (Event.SYSTEM.equals(c.getSystem())) {
                return WORDS.event(c.getCode());
            }
            if (c.hasDisplay()) {
                return c.getDisplay();
            }
            String word = WORDS.of("code", c.getCode());
            return word.equals(c.getCode() == null ? "" : c.getCode().toLowerCase(Locale.UK)) ? c.getCode() : word;
        }
        if (value instanceof CodeableConcept cc) {
            if (cc.hasText()) {
                return cc.getText();
            }
            return String.join(", ", cc.getCoding().stream().map(this::shown).toList());
        }
        if (value instanceof Reference ref) {
            if (ref.hasDisplay()) {
                return ref.getDisplay();
            }
            if (ref.hasReference()) {
                return WORDS.resource(ref.getReference().replaceAll(".*?([A-Za-z]+)/[^/]+$", "$1"));
            }
            return ref.hasIdentifier() ? shown(ref.getIdentifier()) : "";
        }
        if (value instanceof Identifier id) {
            if (FhirSystems.AGENCY.equals(id.getSystem())) {
                return name(id.getValue());
            }
            return NhsNumber.SYSTEM.equals(id.getSystem()) ? "NHS number " + id.getValue() : id.getValue();
        }
        if (value instanceof HumanName n) {
            return n.getNameAsSingleString();
        }
        if (value instanceof ContactPoint cp) {
            return cp.getValue();
        }
        if (value instanceof Annotation a) {
            return a.getText();
        }
        if (value instanceof Quantity q) {
            return q.getValue() + (q.hasUnit() ? " " + q.getUnit() : "");
        }
        if (value instanceof Period p) {
            return (p.hasStart() ? Words.UK_TIME.format(p.getStart().toInstant()) : "") + " to "
                    + (p.hasEnd() ? Words.UK_TIME.format(p.getEnd().toInstant()) : "now");
        }
        return null;
    }

    /** "birthDate" reads "birth date". */
    private static String words(String element) {
        return element.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.UK);
    }

    private static String capital(String s) {
        return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
