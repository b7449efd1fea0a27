package uk.safeguarding.hub.mesh;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import uk.safeguarding.hub.register.AgencyRegister;

/** MESH's token checks: a mailbox's password counts only while the register gives the mailbox to an active agency. */
@Configuration(proxyBeanMethods = false)
class MeshBeans {

    /** The workflow ids, checked at start. */
    @Bean
    Workflows meshWorkflows(MeshProperties properties) {
        return Workflows.of(properties.workflows());
    }

    @Bean
    MeshTokens meshTokens(
            MeshProperties properties,
            Clock clock,
            AgencyRegister register,
            org.springframework.jdbc.core.JdbcTemplate jdbc) {
        if (properties.sharedKey() == null || properties.sharedKey().isBlank()) {
            // No shared secret, no MESH: every token is refused, and the start says so once.
            org.slf4j.LoggerFactory.getLogger(MeshBeans.class)
                    .warn("MESH is off: hub.mesh.shared-key is not set (HUB_MESH_SHARED_KEY in production)");
            return new MeshTokens(
                    new byte[0],
                    properties.clockWindow(),
                    clock,
                    mailbox -> Optional.empty(),
                    MeshTokens.UsedTokens.in(jdbc));
        }
        return new MeshTokens(
                properties.sharedKey().getBytes(StandardCharsets.UTF_8),
                properties.clockWindow(),
                clock,
                mailbox ->
                        register.all().stream().anyMatch(a -> a.active() && mailbox.equalsIgnoreCase(a.meshMailbox()))
                                ? properties.passwordOf(mailbox)
                                : Optional.empty(),
                MeshTokens.UsedTokens.in(jdbc));
    }
}
