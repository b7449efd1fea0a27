package uk.safeguarding.hub.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import uk.safeguarding.hub.TestDatabase;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.ChainKey;

/**
 * A certificate nearing its end is warned of once at 30 days and once more at 7, by log line and audit entry; a
 * certificate far from its end never; a rotated one (another end) afresh; one first seen at 5 days once, at 7.
 */
@ExtendWith(OutputCaptureExtension.class)
class CertificateWarningsTest {

    static final String KEY =
            java.util.Base64.getEncoder().encodeToString("a test key of thirty-two bytes!!".getBytes());

    final TestDatabase db = TestDatabase.create();
    final AuditTrail audit = new AuditTrail(
            db.jdbc, Clock.systemUTC(), new ChainKey(KEY), uk.safeguarding.hub.vault.TestVaults.shared());
    final CertificateWarnings warnings = new CertificateWarnings(db.jdbc, audit, Clock.systemUTC());
    final Instant end = Instant.parse("2027-01-31T12:00:00Z");

    static Dashboard.CertificateExpiry cert(String owner, Instant end, long daysLeft) {
        return new Dashboard.CertificateExpiry(owner, "CN=" + owner, end, daysLeft, daysLeft <= 30);
    }

    int audited() {
        return db.jdbc.queryForObject(
                "SELECT COUNT(*) FROM audit_entry WHERE entry_type = 'CERTIFICATE_EXPIRING'", Integer.class);
    }

    @Test
    void warnsOnceAtThirtyDaysAndOnceMoreAtSeven(CapturedOutput output) {
        assertThat(warnings.check(List.of(cert("gp", end, 45)))).isZero();
        assertThat(warnings.check(List.of(cert("gp", end, 30)))).isEqualTo(1);
        assertThat(warnings.check(List.of(cert("gp", end, 29)))).isZero();
        assertThat(warnings.check(List.of(cert("gp", end, 7)))).isEqualTo(1);
        assertThat(warnings.check(List.of(cert("gp", end, 2)))).isZero();
        assertThat(audited()).isEqualTo(2);
        assertThat(output.getOut())
                .contains("CERTIFICATE-EXPIRING the certificate of gp (CN=gp) ends " + end
                        + ": 30 days left (warning at" + " 30 days)")
                .contains("7 days left (warning at 7 days)");
        assertThat(uk.safeguarding.hub.audit.AuditDetails.newest(db.jdbc, "CERTIFICATE_EXPIRING"))
                .contains("\"owner\":\"gp\"")
                .contains("\"within\":7");
    }

    @Test
    void aRotatedCertificateIsWarnedOfAfreshAndOneFirstSeenLateOnce() {
        assertThat(warnings.check(List.of(cert("hub", end, 20)))).isEqualTo(1);
        Instant later = end.plus(Duration.ofDays(365));
        assertThat(warnings.check(List.of(cert("hub", later, 20))))
                .as("the new certificate")
                .isEqualTo(1);
        assertThat(warnings.check(List.of(cert("maternity", end, 5)))).isEqualTo(1);
        assertThat(warnings.check(List.of(cert("maternity", end, 4)))).isZero();
        assertThat(audited()).isEqualTo(3);
        assertThat(db.jdbc.queryForObject(
                        "SELECT COUNT(*) FROM certificate_warning WHERE owner = 'maternity'", Integer.class))
                .as("both thresholds recorded")
                .isEqualTo(2);
    }
}
