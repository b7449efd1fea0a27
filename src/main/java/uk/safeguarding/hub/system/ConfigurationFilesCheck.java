package uk.safeguarding.hub.system;

import java.nio.file.Path;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import uk.safeguarding.hub.policy.RuleFileLoader;
import uk.safeguarding.hub.register.AgencyRegister;

/**
 * Reads the agency register and the rule file before anything starts (after the development PKI has made the
 * certificates the register names), so that a bad one stops the start with the file and its problems by line
 * alone (BadConfigurationFile), before any listener, broker or bean has begun and has its own say.
 */
public class ConfigurationFilesCheck implements EnvironmentPostProcessor, Ordered {

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // listed after the development PKI, which makes the certificates
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String register = environment.getProperty("hub.register.agencies");
        if (register != null) {
            AgencyRegister.load(Path.of(register), Path.of("."));
        }
        String rules = environment.getProperty("hub.policy.rules");
        if (rules != null) {
            RuleFileLoader.load(Path.of(rules));
        }
    }
}
