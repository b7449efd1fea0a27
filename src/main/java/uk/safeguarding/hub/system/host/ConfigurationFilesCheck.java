package uk.safeguarding.hub.system.host;

import java.nio.file.Path;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import uk.safeguarding.hub.delivery.WorkingDays;
import uk.safeguarding.hub.policy.RuleFileLoader;
import uk.safeguarding.hub.register.AgencyRegister;

/**
 * Reads the agency register, the rule file and the bank holidays once the settings are complete but before anything starts (no
 * listener, broker or bean yet), so that a bad one stops the start with the file and its problems by line alone
 * (BadConfigurationFile), and nothing else has its say. Registered in META-INF/spring.factories.
 */
class ConfigurationFilesCheck implements ApplicationListener<ApplicationPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationPreparedEvent event) {
        Environment environment = event.getApplicationContext().getEnvironment();
        String register = environment.getProperty("hub.register.agencies");
        if (register != null) {
            AgencyRegister.load(Path.of(register), HubHome.of(environment));
        }
        String rules = environment.getProperty("hub.policy.rules");
        if (rules != null) {
            RuleFileLoader.load(Path.of(rules));
        }
        String bankHolidays = environment.getProperty("hub.follow-up.bank-holidays");
        if (bankHolidays != null) {
            WorkingDays.fromFile(Path.of(bankHolidays));
        }
    }
}
