package uk.safeguarding.hub.policy;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.LinkedChild;
import uk.safeguarding.hub.message.NhsNumber;
import uk.safeguarding.hub.policy.RuleSet.Profile;

/**
 * Applies a minimum-necessary profile to a copy of the message: drops resource types the profile does not keep,
 * people outside the family, and the elements the profile removes. Says what it removed.
 */
public class MinimumNecessary {

    /** The recipient's copy as FHIR JSON and as a Bundle (for a recipient that takes HL7 v2), and what was removed. */
    public record Result(byte[] payload, List<String> removed, Bundle bundle) {}

    private final FhirContext fhir;

    public MinimumNecessary(FhirContext fhir) {
        this.fhir = fhir;
    }

    public Result apply(InboundMessage message, Profile profile) {
        Bundle bundle = ((Bundle) message.payload()).copy();
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
            if (!profile.resources().contains(r.fhirType())) {
                why = ref + " (not in profile " + profile.name() + ")";
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
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource r = entry.getResource();
            if (r instanceof MessageHeader header) {
                header.getFocus().removeIf(f -> droppedRefs.contains(f.getReference()));
            }
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
        return new Result(json, List.copyOf(removed), bundle);
    }

    private static boolean inFamily(List<Identifier> identifiers, Set<String> family) {
        return identifiers.stream()
                .anyMatch(i -> NhsNumber.SYSTEM.equals(i.getSystem()) && family.contains(i.getValue()));
    }
}
