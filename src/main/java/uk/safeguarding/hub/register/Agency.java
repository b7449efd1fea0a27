package uk.safeguarding.hub.register;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import uk.safeguarding.hub.message.AgencyRole;

/**
 * One agency of the register, with the certificates the hub encrypts to and maps client connections from. An
 * agency that registered a push endpoint ({@code pushUrl}, and {@code pushCa}, the CA that issued the endpoint's
 * certificate) gets its shares POSTed there instead of waiting in its mailbox; {@code format} is the payload it
 * asked for: {@code FHIR} (JSON) or {@code HL7v2} (ER7, where a mapping exists).
 *
 * <p>During a certificate rotation an agency holds two certificates: both authenticate it and every share is
 * encrypted to both, so one sealed before the switch is readable with either key. The older one ends at its
 * {@code until} or when the newer one is first used, whichever comes first.
 */
public record Agency(
        String id,
        String name,
        AgencyRole role,
        boolean frontDoor,
        boolean active,
        List<HeldCertificate> certificates,
        URI pushUrl,
        X509Certificate pushCa,
        String format,
        boolean revoked,
        Details details,
        Mesh mesh) {

    public static final String FHIR = "FHIR";
    public static final String HL7V2 = "HL7v2";

    /** A certificate the agency holds, and when it ends before its own expiry (null: at expiry). */
    public record HeldCertificate(X509Certificate certificate, Instant until) {
        public boolean inForceAt(Instant when) {
            return until == null || when.isBefore(until);
        }

        public HeldCertificate endingAt(Instant end) {
            return until != null && until.isBefore(end) ? this : new HeldCertificate(certificate, end);
        }
    }

    /** A person to contact at the agency about its connection or its sharing. */
    public record Contact(String name, String email, String phone) {}

    /**
     * What the register records beside the connection: the agency's ODS code, its contacts, and its information
     * sharing agreement (reference and the date it is due for review).
     */
    public record Details(String odsCode, List<Contact> contacts, String agreement, LocalDate agreementReview) {
        public static final Details NONE = new Details(null, List.of(), null, null);

        public Details {
            contacts = contacts == null ? List.of() : List.copyOf(contacts);
        }

        /** The agreement is past its review date (or there is none on record). */
        public boolean agreementLapsedOn(LocalDate day) {
            return agreementReview != null && agreementReview.isBefore(day);
        }
    }

    /**
     * The agency's MESH mailbox: it may send to the hub through MESH with this mailbox id; with {@code collects} its
     * shares wait in that MESH inbox instead of the hub's mailbox (one share, one way of collecting it).
     */
    public record Mesh(String mailbox, boolean collects) {}

    public Agency {
        certificates = certificates == null
                ? List.of()
                : certificates.stream()
                        .sorted(Comparator.comparing(
                                        (HeldCertificate h) -> h.certificate().getNotBefore())
                                .reversed())
                        .toList();
        details = details == null ? Details.NONE : details;
    }

    public Agency(
            String id, String name, AgencyRole role, boolean frontDoor, boolean active, X509Certificate certificate) {
        this(id, name, role, frontDoor, active, held(certificate), null, null, FHIR, false, Details.NONE, null);
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
        this(id, name, role, frontDoor, active, held(certificate), pushUrl, pushCa, format, false, Details.NONE, null);
    }

    private static List<HeldCertificate> held(X509Certificate certificate) {
        return certificate == null ? List.of() : List.of(new HeldCertificate(certificate, null));
    }

    /** This agency as seen when every certificate it holds is on a revocation list. */
    public Agency asRevoked() {
        return new Agency(
                id, name, role, frontDoor, active, certificates, pushUrl, pushCa, format, true, details, mesh);
    }

    /** The same agency holding these certificates. */
    public Agency holding(List<HeldCertificate> held) {
        return new Agency(id, name, role, frontDoor, active, held, pushUrl, pushCa, format, revoked, details, mesh);
    }

    /** The certificates in force now, newest first: the ones it is recognised by and encrypted to. */
    public List<X509Certificate> certificatesInForce(Instant when) {
        return certificates.stream()
                .filter(h -> h.inForceAt(when))
                .map(HeldCertificate::certificate)
                .toList();
    }

    /** The newest certificate in force now (or, when none is, the newest held): the one shown and checked. */
    public X509Certificate certificate() {
        List<X509Certificate> now = certificatesInForce(Instant.now());
        if (!now.isEmpty()) {
            return now.get(0);
        }
        return certificates.isEmpty() ? null : certificates.get(0).certificate();
    }

    /** The certificates a share sealed now is encrypted to: in force and within their dates. */
    public List<X509Certificate> recipientsAt(Instant when) {
        return certificatesInForce(when).stream()
                .filter(c -> !when.isBefore(c.getNotBefore().toInstant())
                        && !when.isAfter(c.getNotAfter().toInstant()))
                .toList();
    }

    public boolean pushes() {
        return pushUrl != null;
    }

    /** Its shares wait in its MESH inbox. */
    public boolean collectsThroughMesh() {
        return mesh != null && mesh.collects();
    }

    /** Its MESH mailbox id, or null. */
    public String meshMailbox() {
        return mesh == null ? null : mesh.mailbox();
    }

    public boolean wantsHl7() {
        return HL7V2.equals(format);
    }

    /** Some certificate it holds is in force: not expired, not yet to come, not ended, not revoked. */
    public boolean certificateValidAt(Instant when) {
        if (revoked) {
            return false;
        }
        return certificates.stream()
                .filter(h -> h.inForceAt(when))
                .map(HeldCertificate::certificate)
                .anyMatch(c -> !when.isBefore(c.getNotBefore().toInstant())
                        && !when.isAfter(c.getNotAfter().toInstant()));
    }
}
