package uk.safeguarding.hub.mesh;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The MESH API on the hub's HTTPS port, as NHS England publishes it: so far {@code GET /messageexchange/_ping} and
 * the handshake, {@code POST /messageexchange/{mailbox}}. A call for a mailbox needs three things: the client
 * certificate of an agency (the API's chain), an {@code NHSMESH} token good for that mailbox ({@link MeshTokens}),
 * and the mailbox being that agency's. Anything else is 403, with MESH's error body; the access audit records it.
 * Both of MESH's media types are answered: {@code application/vnd.mesh.v2+json} in snake case, v1 JSON in camel case.
 */
@RestController
class MeshController {

    static final MediaType V2 = MediaType.parseMediaType("application/vnd.mesh.v2+json");

    private final MeshTokens tokens;
    private final MeshProperties properties;
    private final Clock clock;

    MeshController(MeshTokens tokens, MeshProperties properties, Clock clock) {
        this.tokens = tokens;
        this.properties = properties;
        this.clock = clock;
    }

    /** Whether MESH is up here; asks for no token. */
    @GetMapping("/messageexchange/_ping")
    ResponseEntity<Map<String, Object>> ping() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mesh_build_version", "safeguarding-hub");
        body.put("mesh_deployment_environment", "safeguarding-hub");
        body.put("mesh_server", "safeguarding-hub");
        body.put("timestamp", Instant.now(clock).toString());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    /** The handshake a MESH client makes first: the mailbox, if the caller may use it. */
    @PostMapping("/messageexchange/{mailbox}")
    ResponseEntity<Map<String, Object>> handshake(
            @PathVariable String mailbox,
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
            Principal agency) {
        String refused = refusal(mailbox, authorization, agency);
        boolean v2 = accept != null && accept.contains("vnd.mesh.v2");
        if (refused != null) {
            return error(v2, HttpStatus.FORBIDDEN, "02", refused);
        }
        return ResponseEntity.ok()
                .contentType(v2 ? V2 : MediaType.APPLICATION_JSON)
                .body(Map.of(v2 ? "mailbox_id" : "mailboxId", mailbox));
    }

    /** Why the caller may not use the mailbox, or null. */
    private String refusal(String mailbox, String authorization, Principal agency) {
        MeshTokens.Checked checked = tokens.check(mailbox, authorization);
        if (!checked.good()) {
            return checked.refused();
        }
        MeshProperties.Mailbox owner = properties.mailboxes().get(mailbox);
        if (owner == null || agency == null || !owner.agency().equals(agency.getName())) {
            return "the client certificate is not the mailbox's agency's";
        }
        return null;
    }

    /** MESH's error body: v2 {@code detail}, v1 {@code errorEvent}, {@code errorCode}, {@code errorDescription}. */
    private static ResponseEntity<Map<String, Object>> error(
            boolean v2, HttpStatus status, String code, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (v2) {
            body.put("internal_id", java.util.UUID.randomUUID().toString());
            body.put("detail", java.util.List.of(Map.of("event", "AUTHENTICATION", "code", code, "msg", description)));
        } else {
            body.put("errorEvent", "AUTHENTICATION");
            body.put("errorCode", code);
            body.put("errorDescription", description);
        }
        return ResponseEntity.status(status)
                .contentType(v2 ? V2 : MediaType.APPLICATION_JSON)
                .body(body);
    }
}
