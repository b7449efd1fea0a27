package uk.safeguarding.hub.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.policy.PolicyEngine;
import uk.safeguarding.hub.register.AgencyRegister;
import uk.safeguarding.hub.register.PkiProperties;
import uk.safeguarding.hub.system.broker.BrokerProperties;
import uk.safeguarding.hub.system.host.HubHome;

/** One block in the log when the hub is ready: where it listens, what it loaded, where its files are. No secret. */
@Component
class StartupSummary implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(StartupSummary.class);

    private final Environment environment;
    private final AgencyRegister agencies;
    private final PolicyEngine policy;
    private final BrokerProperties broker;
    private final PkiProperties pki;
    private final uk.safeguarding.hub.register.AgencyStore register;

    StartupSummary(
            Environment environment,
            AgencyRegister agencies,
            PolicyEngine policy,
            BrokerProperties broker,
            PkiProperties pki,
            uk.safeguarding.hub.register.AgencyStore register) {
        this.register = register;
        this.environment = environment;
        this.agencies = agencies;
        this.policy = policy;
        this.broker = broker;
        this.pki = pki;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        String url =
                environment.getProperty("spring.datasource.url", "").replaceAll("(?i)password=[^&;]*", "password=***");
        StringBuilder text = new StringBuilder("Safeguarding Hub ready\n");
        text.append("  HTTPS          port ")
                .append(environment.getProperty("local.server.port"))
                .append(" (agencies by client certificate; people by password)\n");
        text.append("  MLLP over TLS  port ")
                .append(environment.getProperty("hub.mllp.port"))
                .append('\n');
        text.append("  broker         ")
                .append(
                        broker.tlsEnabled()
                                ? "TLS acceptor on port " + broker.tlsPort()
                                : "external: "
                                        + environment
                                                .getProperty("spring.artemis.broker-url", "")
                                                .replaceAll("(?i)password=[^;&]*", "password=***"))
                .append('\n');
        // The register in force may be a version changed through the console, not the file.
        var inForce = register.history().stream().findFirst();
        text.append("  agencies       ")
                .append(agencies.all().size())
                .append(
                        inForce.isPresent() && !inForce.get().changedBy().startsWith("file:")
                                ? " from register version " + inForce.get().version() + " (changed through the hub; "
                                        + HubHome.describe(environment.getProperty("hub.register.agencies"))
                                        + " is not read again)"
                                : " from " + HubHome.describe(environment.getProperty("hub.register.agencies"))
                                        + inForce.map(v -> " (register version " + v.version() + ")")
                                                .orElse(""))
                .append('\n');
        text.append("  MESH           hub mailbox ")
                .append(environment.getProperty("hub.mesh.hub-mailbox", "SGHUB001"))
                .append(environment.getProperty("hub.mesh.shared-key", "").isBlank() ? " (off: no shared key)" : "")
                .append('\n');
        text.append("  rules          version ")
                .append(policy.rules().version())
                .append('\n');
        text.append("  database       ").append(url).append('\n');
        text.append("  data           ")
                .append(environment.getProperty("hub.data-dir"))
                .append('\n');
        if (pki.generateDev()) {
            text.append("  development    certificates, keys and generated passwords in ")
                    .append(pki.devDirectory())
                    .append(" (people-passwords.txt, hub.secrets)");
        }
        log.info(text.toString());
    }
}
