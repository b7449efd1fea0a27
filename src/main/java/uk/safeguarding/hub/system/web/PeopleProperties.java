package uk.safeguarding.hub.system.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.people.users}: the people who sign in to the admin API (docs/interfaces.md: IG_OFFICER, OPS; and AUDITOR, who reads the audit and reports and changes nothing), with hashed
 * passwords only ({@code {bcrypt}...}; a plain or {@code {noop}} password stops the start). On the embedded
 * default the development users are generated under {@code certs/dev/} on first start.
 */
@Validated
@ConfigurationProperties("hub.people")
record PeopleProperties(List<@Valid Person> users) {

    public PeopleProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }

    public record Person(
            @NotBlank String name,

            @Pattern(
                    regexp =
                            "\\{(bcrypt|argon2@SpringSecurity_v5_8|pbkdf2@SpringSecurity_v5_8|scrypt@SpringSecurity_v5_8)\\}.+",
                    message = "must be a hashed password such as {bcrypt}$2a$...")
            String password,

            @NotEmpty
            List<
                            @Pattern(
                                    regexp = "IG_OFFICER|OPS|AUDITOR|CALDICOTT_GUARDIAN",
                                    message = "must be IG_OFFICER, OPS, AUDITOR or CALDICOTT_GUARDIAN")
                            String>
                    roles) {}
}
