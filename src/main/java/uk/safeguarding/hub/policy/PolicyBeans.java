package uk.safeguarding.hub.policy;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.governance.Proposals;

/** Policy's own beans: the engine with the rule file (a bad one stops the start), its history, its proposals. */
@Configuration(proxyBeanMethods = false)
class PolicyBeans {

    @Bean
    PolicyEngine policyEngine(PolicyProperties properties) {
        return new PolicyEngine(RuleFileLoader.load(Path.of(properties.rules())));
    }

    /** Reconciles the rule file with the rule history before anything decides. */
    @Bean
    RuleStore ruleStore(
            JdbcTemplate jdbc,
            TransactionTemplate tx,
            AuditTrail audit,
            PolicyEngine engine,
            Clock clock,
            PolicyProperties properties) {
        RuleStore store = new RuleStore(jdbc, tx, audit, engine, clock);
        store.reconcile(Path.of(properties.rules()));
        return store;
    }

    @Bean
    Proposals ruleProposals(
            JdbcTemplate jdbc, RuleStore store, AuditTrail audit, Clock clock, PolicyProperties properties) {
        return new Proposals(Proposals.Kind.RULES, jdbc, store, audit, clock, properties.fourEyes());
    }

    @Bean
    MinimumNecessary minimumNecessary(FhirContext fhir) {
        return new MinimumNecessary(fhir);
    }
}
