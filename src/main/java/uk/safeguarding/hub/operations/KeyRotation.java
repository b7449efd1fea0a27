package uk.safeguarding.hub.operations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;
import uk.safeguarding.hub.vault.Purpose;
import uk.safeguarding.hub.vault.Vault;

/**
 * New data keys for the vault, put in force by operations staff (the API and the console): one for every purpose but
 * the NHS-number index, whose key never changes (a lookup must find what was written). What was sealed before still
 * opens under its own key. Audited with who did it.
 */
@Component
public class KeyRotation {

    static final List<Purpose> ROTATED = List.of(Purpose.CONTENT, Purpose.QUARANTINE, Purpose.MESH, Purpose.AUDIT);

    private final Vault vault;
    private final AuditTrail audit;
    private final TransactionTemplate tx;

    KeyRotation(Vault vault, AuditTrail audit, TransactionTemplate tx) {
        this.vault = vault;
        this.audit = audit;
        this.tx = tx;
    }

    /** The keys stored, oldest first: never their material. */
    public List<Vault.KeyInfo> keys() {
        return vault.keys();
    }

    /** Puts new keys in force; by purpose, the new key's id. */
    public Map<String, Integer> rotate(String by) {
        Map<String, Integer> inForce = new LinkedHashMap<>();
        for (Purpose purpose : ROTATED) {
            inForce.put(purpose.name(), vault.rotate(purpose));
        }
        tx.executeWithoutResult(s -> audit.append(new AuditTrail.Entry(
                AuditType.DATA_KEYS_ROTATED, null, null, null, null, Map.of("by", by, "keys", inForce))));
        return inForce;
    }
}
