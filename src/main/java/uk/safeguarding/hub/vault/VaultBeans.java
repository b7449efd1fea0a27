package uk.safeguarding.hub.vault;

import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The vault, keyed by {@code hub.vault.key} (HUB_VAULT_KEY in production: base64 of 32 random bytes, kept outside
 * the database like the other secrets; generated into {@code certs/dev/hub.secrets} on the embedded default). A
 * missing or wrong key stops the start with its name.
 */
@Configuration(proxyBeanMethods = false)
class VaultBeans {

    @Bean
    Vault vault(@Value("${hub.vault.key:}") String key, JdbcTemplate jdbc, Clock clock) {
        byte[] kek;
        try {
            kek = Vault.keyFromText(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "hub.vault.key (HUB_VAULT_KEY): " + e.getMessage()
                            + "; it must be base64 of 32 random bytes, kept outside the database",
                    e);
        }
        return new Vault(kek, DataKeys.in(jdbc), clock);
    }

    /** Once every bean is made (the database migrated), the stored data keys must open: else the start stops. */
    @Bean
    static org.springframework.beans.factory.SmartInitializingSingleton vaultCheck(
            org.springframework.beans.factory.ObjectProvider<Vault> vault) {
        return () -> vault.getObject().check();
    }
}
