package uk.safeguarding.hub.register;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Agencies as the API and the console show them: every certificate with its state, the agreement's. */
public final class AgencyViews {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private AgencyViews() {}

    public record CertificateView(
            String fingerprint,
            String subject,
            String serial,
            Instant notBefore,
            Instant notAfter,
            Instant until,
            Instant firstUsed,
            String state) {}

    public record AgencyView(
            String id,
            String name,
            String role,
            boolean frontDoor,
            boolean active,
            String format,
            String odsCode,
            List<Agency.Contact> contacts,
            String sharingAgreement,
            LocalDate sharingAgreementReview,
            boolean sharingAgreementLapsed,
            String pushUrl,
            String meshMailbox,
            boolean collectsThroughMesh,
            List<CertificateView> certificates) {}

    public static List<AgencyView> of(Collection<Agency> agencies, AgencyStore store, AgencyTrust trust) {
        Map<String, Instant> uses = store.firstUses();
        Set<String> revoked = store.revocations().stream()
                .map(AgencyStore.Revocation::fingerprint)
                .collect(Collectors.toSet());
        Instant now = Instant.now();
        LocalDate today = LocalDate.now(LONDON);
        return agencies.stream()
                .map(a -> new AgencyView(
                        a.id(),
                        a.name(),
                        a.role().name(),
                        a.frontDoor(),
                        a.active(),
                        a.format(),
                        a.details().odsCode(),
                        a.details().contacts(),
                        a.details().agreement(),
                        a.details().agreementReview(),
                        a.details().agreementLapsedOn(today),
                        a.pushes() ? a.pushUrl().toString() : null,
                        a.meshMailbox(),
                        a.collectsThroughMesh(),
                        a.certificates().stream()
                                .map(h -> view(h, uses, revoked, trust, now))
                                .toList()))
                .toList();
    }

    private static CertificateView view(
            Agency.HeldCertificate h, Map<String, Instant> uses, Set<String> revoked, AgencyTrust trust, Instant now) {
        X509Certificate c = h.certificate();
        String fp = AgencyTrust.fingerprint(c);
        String state;
        if (revoked.contains(fp) || trust.isRevoked(c)) {
            state = "REVOKED";
        } else if (now.isAfter(c.getNotAfter().toInstant())) {
            state = "EXPIRED";
        } else if (now.isBefore(c.getNotBefore().toInstant())) {
            state = "NOT_YET_VALID";
        } else if (!h.inForceAt(now)) {
            state = "ENDED";
        } else {
            state = "IN_FORCE";
        }
        return new CertificateView(
                fp,
                c.getSubjectX500Principal().getName(),
                c.getSerialNumber().toString(),
                c.getNotBefore().toInstant(),
                c.getNotAfter().toInstant(),
                h.until(),
                uses.get(fp),
                state);
    }
}
