package uk.safeguarding.hub.message;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Resource;

/**
 * Information about other people (third parties): who raised a concern, what a relative or neighbour said, a
 * referrer who asks not to be named to the family. A sender marks it with a security label: on a whole resource in
 * {@code meta.security}, or on one element with the inline label extension of HL7's data segmentation for privacy.
 * The code is v3 ActCode {@code NOPAT} ("no disclosure to patient, family or caregivers"). Such content goes only to
 * children's social care on a statutory basis, and never into a subject access response (docs/messages.md "Information
 * about other people").
 */
public final class OtherPeople {

    public static final String SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    public static final String CODE = "NOPAT";
    public static final String INLINE_LABEL =
            "http://hl7.org/fhir/uv/security-label-ds4p/StructureDefinition/extension-inline-sec-label";

    /** What minimum necessary says, after the resource or element, when it takes such content out of a copy. */
    public static final String REMOVED = "(information about another person)";

    private OtherPeople() {}

    public static boolean isLabel(Coding coding) {
        return coding != null && SYSTEM.equals(coding.getSystem()) && CODE.equals(coding.getCode());
    }

    /** The whole resource is about another person. */
    public static boolean labelled(Resource resource) {
        return resource.hasMeta() && resource.getMeta().getSecurity().stream().anyMatch(OtherPeople::isLabel);
    }

    /** This element (a note, a requester, an address) is about another person. */
    public static boolean labelled(Element element) {
        if (!element.hasExtension()) {
            return false;
        }
        for (Extension e : element.getExtension()) {
            if (INLINE_LABEL.equals(e.getUrl()) && e.getValue() instanceof Coding c && isLabel(c)) {
                return true;
            }
        }
        return false;
    }

    /** The label, as a sender (or the HL7 v2 reader) puts it on an element. */
    public static Extension inlineLabel() {
        return new Extension(INLINE_LABEL, new Coding(SYSTEM, CODE, "no disclosure to patient, family or caregivers"));
    }
}
