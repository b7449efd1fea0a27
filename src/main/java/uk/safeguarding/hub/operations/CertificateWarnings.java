package uk.safeguarding.hub.operations;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;

/**
 * A certificate of the hub or an agency that comes within 30 days of its end, and again within 7, is warned of once
 * each (across instances: the first to record the crossing warns): a log line {@code CERTIFICATE-EXPIRING} for the
 * alerting that reads logs, and an audit entry. A certificate is known by its owner and its end, so a rotated one
 * is warned of afresh. The dashboard and {@code hub_certificate_days_to_expiry} show the same figures all along.
 */
@Component
public class CertificateWarnings {

    public static final List<Long> THRESHOLDS = List.of(Dashboard.CERTIFICATE_WARNING_DAYS, 7L);

    private static final Logger log = LoggerFactory.getLogger(CertificateWarnings.class);

    private final JdbcTemplate jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    public CertificateWarnings(JdbcTemplate jdbc, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** Warns of each crossing not warned of before; returns how many warnings it raised. */
    public int check(List<Dashboard.CertificateExpiry> certificates) {
        int raised = 0;
        for (Dashboard.CertificateExpiry c : certificates) {
            List<Long> crossed = new ArrayList<>();
            for (long threshold : THRESHOLDS) {
                if (c.daysLeft() <= threshold && record(c, threshold)) {
                    crossed.add(threshold);
                }
            }
            if (crossed.isEmpty()) {
                continue;
            }
            long within = crossed.stream().mapToLong(Long::longValue).min().orElseThrow();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("owner", c.owner());
            detail.put("subject", c.subject());
            detail.put("notAfter", c.notAfter().toString());
            detail.put("daysLeft", c.daysLeft());
            detail.put("within", within);
            audit.append(new AuditTrail.Entry(
                    AuditType.CERTIFICATE_EXPIRING,
                    null,
                    c.owner().equals("hub") ? null : c.owner(),
                    null,
                    null,
                    detail));
            log.warn(
                    "CERTIFICATE-EXPIRING the certificate of {} ({}) ends {}: {} days left (warning at {} days)",
                    c.owner(),
                    c.subject(),
                    c.notAfter(),
                    c.daysLeft(),
                    within);
            raised++;
        }
        return raised;
    }

    private boolean record(Dashboard.CertificateExpiry c, long threshold) {
        try {
            return jdbc.update(
                            "INSERT INTO certificate_warning (owner, not_after, threshold_days, warned_at)"
                                    + " VALUES (?, ?, ?, ?)",
                            c.owner(),
                            Timestamp.from(c.notAfter()),
                            threshold,
                            Timestamp.from(Instant.now(clock)))
                    == 1;
        } catch (DuplicateKeyException already) {
            return false;
        }
    }
}
