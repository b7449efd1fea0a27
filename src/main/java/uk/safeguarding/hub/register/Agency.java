package uk.safeguarding.hub.register;

import java.security.cert.X509Certificate;
import java.time.Instant;
import uk.safeguarding.hub.message.AgencyRole;

/** One agency of the register, with the certificate the hub encrypts to and maps client connections from. */
public record Agency(
        String id, String name, AgencyRole role, boolean frontDoor, boolean active, X509Certificate certificate) {

    public boolean certificateValidAt(Instant when) {
        if (certificate == null) {
            return false;
        }
        return !when.isBefore(certificate.getNotBefore().toInstant())
                && !when.isAfter(certificate.getNotAfter().toInstant());
    }
}
