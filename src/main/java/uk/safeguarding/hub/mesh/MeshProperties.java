package uk.safeguarding.hub.mesh;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.mesh.*}: the hub's own MESH mailbox id (agencies send to it), the installation's shared secret that
 * keys every token's HMAC ({@code hub.mesh.shared-key}, generated into {@code certs/dev/hub.secrets} on the embedded
 * default; from the environment in production), the clock window a token must be made within, each mailbox's
 * password by mailbox id (the agency register says whose mailbox it is; the password is a secret and stays out of
 * the register: on the embedded default generated into {@code certs/dev/mesh-mailboxes.txt}), the largest chunk
 * the hub hands out, how long a share may wait uncollected before its sender is told, and the workflow ids
 * ({@link Workflows}).
 */
@Validated
@ConfigurationProperties("hub.mesh")
public record MeshProperties(
        @NotBlank @Pattern(regexp = "[A-Z0-9]{3,20}") @DefaultValue("SGHUB001")
        String hubMailbox,

        String sharedKey,
        @NotNull @DefaultValue("2h") Duration clockWindow,
        Map<String, String> passwords,
        @NotNull @DefaultValue("20MB") DataSize chunkSize,
        @NotNull @DefaultValue("5d") Duration uncollectedAfter,
        Map<String, String> workflows) {

    public MeshProperties {
        // Environment variables arrive in lower case (HUB_MESH_PASSWORDS_SGGP): mailbox ids are capitals.
        passwords = passwords == null
                ? Map.of()
                : passwords.entrySet().stream()
                        .collect(Collectors.toUnmodifiableMap(
                                e -> e.getKey().toUpperCase(Locale.ROOT), Map.Entry::getValue, (a, b) -> a));
    }

    public Optional<String> passwordOf(String mailbox) {
        return mailbox == null
                ? Optional.empty()
                : Optional.ofNullable(passwords.get(mailbox.toUpperCase(Locale.ROOT)));
    }
}
