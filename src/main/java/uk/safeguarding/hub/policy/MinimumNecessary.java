package uk.safeguarding.hub.policy;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import uk.safeguarding.hub.message.FhirSystems;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.LinkedChild;
import uk.safeguarding.hub.message.NhsNumber;
import uk.safeguarding.hub.message.OtherPeople;
import uk.safeguarding.hub.policy.RuleSet.Profile;

/**
 * Applies a minimum-necessary profile to a copy of the message: drops resource types the profile does not keep,
 * people outside the family, and the elements the profile removes. Says what it removed.
 */
public class MinimumNecessary {

    /**
     * The recipient's copy as FHIR JSON and as a Bundle (for a recipient that takes HL7 v2), and what was removed;
     * {@code otherPeople} when the copy carries information about other people (children's social care on a
     * statutory basis only), so that a subject access response says it is withheld.
     */
    public record Result(byte[] payload, List<String> removed, Bundle bundle, boolean otherPeople) {}

    private final FhirContext fhir;

    public MinimumNecessary(FhirContext fhir) {
        this.fhir = fhir;
    }

    public Result apply(InboundMessage message, Profile profile) {
        return apply(message, profile, null, false);
    }

    public Result apply(InboundMessage message, Profile profile, String recipientAgency) {
        return apply(message, profile, recipientAgency, false);
    }

    /**
     * The recipient's copy. With a recipient, its MessageHeader names that agency alone as its {@code destination}
     * (whatever the sender addressed it to). Information about other people ({@link OtherPeople}) stays only when
     * {@code otherPeopleAllowed} (children's social care on a statutory basis), even about someone outside the
     * family (a neighbour who raised the concern); otherwise it goes, and the removal says why.
     */
    public Result apply(InboundMessage message, Profile profile, String recipientAgency, boolean otherPeopleAllowed) {
        Bundle bundle = message.payload().copy();
        if (recipientAgency != null
                && !bundle.getEntry().isEmpty()
                && bundle.getEntryFirstRep().getResource() instanceof MessageHeader header) {
            header.getDestination().clear();
            header.addDestination()
                    .setEndpoint("urn:agency:" + recipientAgency)
                    .getReceiver()
                    .getIdentifier()
                    .setSystem(FhirSystems.AGENCY)
                    .setValue(recipientAgency);
        }
        Set<String> family = new HashSet<>();
        family.add(message.serviceUserNhsNumber());
        message.linkedChildren().stream()
                .map(LinkedChild::nhsNumber)
                .filter(n -> n != null)
                .forEach(family::add);

        List<String> removed = new ArrayList<>();
        Set<String> droppedRefs = new HashSet<>();
        Set<String> outsiders = new HashSet<>();
        bundle.getEntry().removeIf(entry -> {
            Resource r = entry.getResource();
            String ref = r.fhirType() + "/" + r.getIdElement().getIdPart();
            String why = null;
            boolean other = !(r instanceof MessageHeader) && OtherPeople.labelled(r);
            if (other && !otherPeopleAllowed) {
                why = ref + " " + OtherPeople.REMOVED;
            } else if (!profile.resources().contains(r.fhirType())) {
                why = ref + " (not in profile " + profile.name() + ")";
            } else if (other) {
                why = null; // about someone else, labelled as such, and this recipient may have it
            } else if (r instanceof Patient p && !inFamily(p.getIdentifier(), family)) {
                why = ref + " (not a member of the family)";
            } else if (r instanceof RelatedPerson rp && !inFamily(rp.getIdentifier(), family)) {
                why = ref + " (not a member of the family)";
            }
            if (why != null) {
                removed.add(why);
                droppedRefs.add(ref);
                if (entry.hasFullUrl()) {
                    droppedRefs.add(entry.getFullUrl());
                }
                if (why.endsWith("(not a member of the family)")) {
                    outsiders.add(ref);
                    if (entry.hasFullUrl()) {
                        outsiders.add(entry.getFullUrl());
                    }
                }
                return true;
            }
            return false;
        });
        // Whatever points at someone outside the family (an observation about a neighbour) goes with them.
        var terser = fhir.newTerser();
        boolean more = true;
        while (more) {
            more = bundle.getEntry().removeIf(entry -> {
                Resource r = entry.getResource();
                if (r instanceof MessageHeader) {
                    return false;
                }
                boolean aboutDropped = terser.getAllPopulatedChildElementsOfType(r, Reference.class).stream()
                        .anyMatch(ref -> outsiders.contains(ref.getReference()));
                if (aboutDropped) {
                    String ref = r.fhirType() + "/" + r.getIdElement().getIdPart();
                    removed.add(ref + " (about a person outside the family)");
                    droppedRefs.add(ref);
                    outsiders.add(ref);
                    if (entry.hasFullUrl()) {
                        droppedRefs.add(entry.getFullUrl());
                        outsiders.add(entry.getFullUrl());
                    }
                }
                return aboutDropped;
            });
        }
        boolean[] otherPeople = {false};
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource r = entry.getResource();
            String self = r.fhirType() + "/" + r.getIdElement().getIdPart();
            otherPeople[0] |= OtherPeople.labelled(r);
            // One walk over the resource: an element labelled as about another person goes unless allowed, and
            // nothing the recipient gets points at what it does not get (a specimen, a performer, a neighbour).
            prune(r, fhir.getResourceDefinition(r), self, removed, (value, at) -> {
                if (value instanceof org.hl7.fhir.r4.model.Element e && OtherPeople.labelled(e)) {
                    if (!otherPeopleAllowed) {
                        return at + " " + OtherPeople.REMOVED;
                    }
                    otherPeople[0] = true;
                }
                return value instanceof Reference ref && ref.hasReference() && droppedRefs.contains(ref.getReference())
                        ? at + " (pointed at " + ref.getReference() + ", removed)"
                        : null;
            });
            for (String path : profile.remove()) {
                String[] parts = path.split("\\.", 2);
                if (!parts[0].equals(r.fhirType())) {
                    continue;
                }
                RuntimeResourceDefinition def = fhir.getResourceDefinition(r);
                BaseRuntimeChildDefinition child = def.getChildByName(parts[1]);
                if (child == null) {
                    throw new IllegalStateException("profile " + profile.name() + " names unknown element " + path);
                }
                if (!child.getAccessor().getValues(r).isEmpty()) {
                    child.getMutator().setValue(r, null);
                    removed.add(r.fhirType() + "/" + r.getIdElement().getIdPart() + "." + parts[1]);
                }
            }
        }
        byte[] json = fhir.newJsonParser().encodeResourceToString(bundle).getBytes(StandardCharsets.UTF_8);
        return new Result(json, List.copyOf(removed), bundle, otherPeople[0]);
    }

    /**
     * Walks every element below {@code element} (not into contained resources): a value {@code drop} answers with a
     * note is taken out and the note recorded; the others are walked in turn. A required reference left with nothing
     * keeps only a display saying it was withheld, which is valid FHIR and names nothing.
     */
    private void prune(
            IBase element,
            BaseRuntimeElementCompositeDefinition<?> definition,
            String path,
            List<String> removed,
            java.util.function.BiFunction<IBase, String, String> drop) {
        for (BaseRuntimeChildDefinition child : definition.getChildren()) {
            List<IBase> values = child.getAccessor().getValues(element);
            if (values.isEmpty()) {
                continue;
            }
            String childPath = path + "." + child.getElementName();
            List<IBase> kept = new ArrayList<>();
            boolean changed = false;
            for (IBase value : values) {
                String note = drop.apply(value, childPath);
                if (note != null) {
                    changed = true;
                    removed.add(note);
                    continue;
                }
                kept.add(value);
                if (value instanceof IPrimitiveType<?> || value instanceof Resource) {
                    continue;
                }
                if (fhir.getElementDefinition(value.getClass())
                        instanceof BaseRuntimeElementCompositeDefinition<?> composite) {
                    prune(value, composite, childPath, removed, drop);
                }
            }
            if (changed) {
                if (kept.isEmpty() && child.getMin() > 0 && values.get(0) instanceof Reference) {
                    kept.add(new Reference().setDisplay(WITHHELD));
                }
                child.getMutator().setValue(element, null);
                for (IBase value : kept) {
                    child.getMutator().addValue(element, value);
                }
            }
        }
    }

    static final String WITHHELD = "withheld (minimum necessary)";

    private static boolean inFamily(List<Identifier> identifiers, Set<String> family) {
        return identifiers.stream()
                .anyMatch(i -> NhsNumber.SYSTEM.equals(i.getSystem()) && family.contains(i.getValue()));
    }
}
