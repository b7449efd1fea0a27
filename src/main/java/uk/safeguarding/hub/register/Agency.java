package uk.safeguarding.hub.register;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Instant;
import uk.safeguarding.hub.message.AgencyRole;

/**
 * One agency of the register, with the certificate the hub encrypts to and maps client connections from. An
 * agency that registered a push endpoint ({@code pushUrl}, and {@code pushCa}, the CA that issued the endpoint's
 * certificate) gets its shares POSTed there instead of waiting in its mailbox; {@code format} is the payload it
 * asked for: {@code FHIR} (JSON) or {@code HL7v2} (ER7, where a mapping exists).
 */
public record Agency(
        String id,
        String name,
        AgencyRole role,
        boolean frontDoor,
        boolean active,
        X509Certificate certificate,
        URI pushUrl,
        X509Certificate pushCa,
        String format,
        boolean revoked) {

    public static final String FHIR = "FHIR";
    public static final String HL7V2 = "HL7v2";

    public Agency(
            String id, String name, AgencyRole role, boolean frontDoor, boolean active, X509Certificate certificate) {
        this(id, name, role, frontDoor, active, certificate, null, null, FHIR, false);
    }

    public Agency(
            String id,
            String name,
            AgencyRole role,
            boolean frontDoor,
            boolean active,
            X509Certificate certificate,
            URI pushUrl,
            X509Certificate pushCa,
            String format) {
        this(id, name, role, frontDoor, active, certificate, pushUrl, pushCa, format, false);
    }

    /** This agency as seen when its certificate is on the CA's revocation list. */
    public Agency asRevoked() {
        return new Agency(id, name, role, frontDoor, active, certificate, pushUrl, pushCa, format, true);
    }

    public boolean pushes() {
        return pushUrl != null;
    }

    public boolean wantsHl7() {
        return HL7V2.equals(format);
    }

    /** Not expired, not yet to come, not revoked. */
    public boolean certificateValidAt(Instant when) {
        if (certificate == null || revoked) {
            return false;
        }
        return !when.isBefore(certificate.getNotBefore().toInstant())
                && !when.isAfter(certificate.getNotAfter().toInstant());
    }
}
