package uk.safeguarding.hub.mesh;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.mesh.*}: the hub's own MESH mailbox id (agencies send to it), the installation's shared secret that
 * keys every token's HMAC ({@code hub.mesh.shared-key}, generated into {@code certs/dev/hub.secrets} on the embedded
 * default; from the environment in production), the clock window a token must be made within, and each agency's
 * mailbox: its agency and its password (the server needs it to check a token; on the embedded default generated
 * into {@code certs/dev/mesh-mailboxes.txt}).
 */
@Validated
@ConfigurationProperties("hub.mesh")
public record MeshProperties(
        @NotBlank @DefaultValue("SGHUB001") String hubMailbox,
        String sharedKey,
        @NotNull @DefaultValue("2h") Duration clockWindow,
        Map<String, Mailbox> mailboxes) {

    public MeshProperties {
        mailboxes = mailboxes == null ? Map.of() : Map.copyOf(mailboxes);
    }

    /** An agency's mailbox. */
    public record Mailbox(@NotBlank String agency, @NotBlank String password) {}
}
