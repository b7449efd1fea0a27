package uk.safeguarding.hub;

import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import uk.safeguarding.hub.system.broker.BrokerPropertiesCommand;
import uk.safeguarding.hub.tools.ExplainCommand;

/**
 * The Safeguarding Hub. Run from the project root: it reads {@code config/}, {@code routes/} and {@code certs/}.
 * With {@code explain} as the first argument it runs the command-line explain instead of the server; with
 * {@code broker-properties}, it prints the layout an external broker needs; with {@code issue-certificate}, the
 * development CA issues an agency a new certificate.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class HubApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("explain")) {
            System.exit(ExplainCommand.main(Arrays.asList(args).subList(1, args.length)));
        }
        if (args.length > 0 && args[0].equals("broker-properties")) {
            System.exit(BrokerPropertiesCommand.main(Arrays.asList(args).subList(1, args.length)));
        }
        if (args.length > 0 && args[0].equals("issue-certificate")) {
            System.exit(uk.safeguarding.hub.tools.IssueCertificateCommand.main(
                    Arrays.asList(args).subList(1, args.length)));
        }
        SpringApplication.run(HubApplication.class, args);
    }
}
