package uk.safeguarding.hub.operations;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.safeguarding.hub.vault.Vault;

/** {@code GET /api/data-keys} and {@code POST /api/data-keys/rotate}, for operations staff (role OPS). */
@RestController
class DataKeysController {

    private final KeyRotation keys;

    DataKeysController(KeyRotation keys) {
        this.keys = keys;
    }

    @GetMapping("/api/data-keys")
    List<Vault.KeyInfo> keys() {
        return keys.keys();
    }

    @PostMapping("/api/data-keys/rotate")
    Map<String, Object> rotate(Principal who) {
        return Map.of("inForce", keys.rotate(who.getName()));
    }
}
