package uk.safeguarding.hub.retention;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;
import uk.safeguarding.hub.register.Registers;
import uk.safeguarding.hub.vault.Purpose;
import uk.safeguarding.hub.vault.Vault;

/**
 * A legal hold on a person (litigation, a Child Safeguarding Practice Review, a police investigation): nothing about
 * them or their family (the adults sharing a child with them, their linked children) is pruned until it is lifted.
 * Placing and lifting are audited with who and why.
 */
@Component
public class LegalHolds {

    public record Hold(String nhsNumber, String heldBy, Instant heldAt, String reason) {}

    /** Why a hold's detail is recorded in the audit. */
    public record HoldDetail(String nhsNumber, String by, String reason) {}

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditTrail audit;
    private final Registers registers;
    private final Clock clock;
    private final Vault vault;

    public LegalHolds(
            JdbcTemplate jdbc,
            TransactionTemplate tx,
            AuditTrail audit,
            Registers registers,
            Clock clock,
            Vault vault) {
        this.vault = vault;
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.registers = registers;
        this.clock = clock;
    }

    /** Places a hold; false if the person was already held (the first hold and its reason stand). */
    public boolean place(String nhs, String by, String reason) {
        try {
            tx.executeWithoutResult(status -> {
                jdbc.update(
                        "INSERT INTO legal_hold (nhs_number, nhs_sealed, held_by, held_at, reason)"
                                + " VALUES (?, ?, ?, ?, ?)",
                        vault.index(nhs),
                        vault.sealText(Purpose.CONTENT, nhs, NHS),
                        by,
                        Timestamp.from(Instant.now(clock)),
                        vault.sealText(Purpose.CONTENT, reason, REASON));
                audit.append(new AuditTrail.Entry(
                        AuditType.LEGAL_HOLD_PLACED, null, null, nhs, null, new HoldDetail(nhs, by, reason)));
            });
            return true;
        } catch (DuplicateKeyException already) {
            return false;
        }
    }

    /** Lifts a hold; false if there was none. */
    public boolean lift(String nhs, String by, String reason) {
        Boolean lifted = tx.execute(status -> {
            if (jdbc.update("DELETE FROM legal_hold WHERE nhs_number = ?", vault.index(nhs)) == 0) {
                return false;
            }
            audit.append(new AuditTrail.Entry(
                    AuditType.LEGAL_HOLD_LIFTED, null, null, nhs, null, new HoldDetail(nhs, by, reason)));
            return true;
        });
        return Boolean.TRUE.equals(lifted);
    }

    public List<Hold> all() {
        return jdbc.query(
                "SELECT nhs_sealed, held_by, held_at, reason FROM legal_hold ORDER BY held_at",
                (rs, i) -> new Hold(
                        vault.openText(Purpose.CONTENT, rs.getString(1), NHS),
                        rs.getString(2),
                        rs.getTimestamp(3).toInstant(),
                        vault.openText(Purpose.CONTENT, rs.getString(4), REASON)));
    }

    static final String NHS = "legal_hold.nhs_number";
    static final String REASON = "legal_hold.reason";

    /** Holds placed before the vault: the NHS number hashed and sealed, the reason sealed (once, at start). */
    public int upgrade() {
        List<java.util.Map<String, Object>> rows =
                jdbc.queryForList("SELECT nhs_number, reason FROM legal_hold WHERE nhs_sealed IS NULL");
        for (var row : rows) {
            String nhs = (String) row.get("NHS_NUMBER");
            jdbc.update(
                    "UPDATE legal_hold SET nhs_number = ?, nhs_sealed = ?, reason = ? WHERE nhs_number = ?",
                    vault.index(nhs),
                    vault.sealText(Purpose.CONTENT, nhs, NHS),
                    vault.sealText(Purpose.CONTENT, (String) row.get("REASON"), REASON),
                    nhs);
        }
        return rows.size();
    }

    public boolean held(String nhs) {
        return all().stream().anyMatch(h -> h.nhsNumber().equals(nhs));
    }

    /** Every NHS number nothing is pruned about: each held person, their family's adults and their children. */
    public Set<String> protectedPeople() {
        Set<String> people = new TreeSet<>();
        for (Hold h : all()) {
            for (String adult : registers.familyAdults(h.nhsNumber())) {
                people.add(adult);
                people.addAll(registers.linkedChildren(adult));
            }
        }
        return people;
    }
}
